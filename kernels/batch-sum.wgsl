// Sums per-sample rows over the batch in sample order (deterministic, no atomics):
// out[k] = Σ_b rows[b·width + k]. Used for the gradient and for spike counts per neuron.

struct Sum { batch: u32, width: u32 }

@group(0) @binding(0) var<uniform> sum: Sum;
@group(0) @binding(1) var<storage, read> rows: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let k = id.x + id.y * groups.x * 64u;
  if (k >= sum.width) { return; }
  var s = 0.0;
  for (var b = 0u; b < sum.batch; b++) { s += rows[b * sum.width + k]; }
  out[k] = s;
}
