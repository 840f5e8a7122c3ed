// Adam on the device (main/train/adam.ts, float32): β1 0.9, β2 0.999, ε 1e-8, bias corrections c1,
// c2 from the host (float64), one rate per kind of parameter, learned delays clamped to
// [0, maxDelay] after the step. A thread per parameter.

struct AdamStep {
  c1: f32, c2: f32, maxDelay: f32, groups: u32,
  lrWeight: f32, lrDelay: f32, lrPosition: f32, count: u32,
}

@group(0) @binding(0) var<uniform> a: AdamStep;
// offset, length, kind (0 weight, 1 delay, 2 fixed delay, 3 position)
@group(0) @binding(1) var<storage, read> groups: array<vec4u>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> params: array<f32>;
@group(0) @binding(4) var<storage, read_write> m: array<f32>;
@group(0) @binding(5) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) wg: vec3u) {
  let k = id.x + id.y * wg.x * 64u;
  if (k >= a.count) { return; }
  var kind = 2u;
  for (var g = 0u; g < a.groups; g++) {
    let grp = groups[g];
    if (k >= grp.x && k < grp.x + grp.y) { kind = grp.z; }
  }
  var lr = 0.0;
  switch kind {
    case 0u: { lr = a.lrWeight; }
    case 1u: { lr = a.lrDelay; }
    case 3u: { lr = a.lrPosition; }
    default: { lr = 0.0; }
  }
  if (lr == 0.0) { return; }
  let g = grad[k];
  let mk = 0.9 * m[k] + 0.1 * g;
  let vk = 0.999 * v[k] + 0.001 * g * g;
  m[k] = mk;
  v[k] = vk;
  var p = params[k] - lr * mk * a.c1 / (sqrt(vk * a.c2) + 1e-8);
  if (kind == 1u) { p = clamp(p, 0.0, a.maxDelay); }
  params[k] = p;
}
