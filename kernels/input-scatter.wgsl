// Writes the batch's input spikes into the spike tape: one thread per distinct
// (sample, tape index, channel) event, so no two threads share a cell.

@group(0) @binding(0) var<uniform> sz: Sizes;
@group(0) @binding(1) var<storage, read> events: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> spikes: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let e = id.x + id.y * groups.x * 64u;
  if (e >= arrayLength(&events)) { return; }
  let ev = events[e];
  spikes[(ev.x * (sz.steps + 1u) + ev.y) * sz.neurons + ev.z] = f32(ev.w);
}
