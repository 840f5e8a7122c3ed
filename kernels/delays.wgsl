// Delays from the parameters, and delay gradients carried back onto the parameters, on the device
// (main/snn/model.ts projectionDelays/delaySteps; main/snn/gradients.ts addConnectionCost and
// applyDelayGradients; float32). Each entry point handles one projection or population, named by
// `job.index`; `grad` is the batch gradient: parameters, then ∂L/∂d per projection (layout.ts).

// pull: 1 when the cost is also differentiated with respect to the delays (cost.pull), else 0
struct Job { maxDelay: f32, l1: f32, gamma: f32, index: u32, pull: f32, pad0: f32, pad1: f32, pad2: f32 }

@group(0) @binding(0) var<uniform> sz: Sizes;
@group(0) @binding(1) var<uniform> job: Job;
@group(0) @binding(2) var<storage, read> pops: array<Pop>;
@group(0) @binding(3) var<storage, read> prjs: array<Prj>;
@group(0) @binding(4) var<storage, read> params: array<f32>;
@group(0) @binding(5) var<storage, read_write> dsteps: array<u32>;
@group(0) @binding(6) var<storage, read_write> grad: array<f32>;

// the delay (ms) of synapse (i, j), clamped to [0, maxDelay]
fn delayOf(prj: Prj, i: u32, j: u32) -> f32 {
  if (prj.mode == MODE_FIXED || prj.mode == MODE_LEARN) { return clamp(params[prj.dParam + i * prj.nPost + j], 0.0, job.maxDelay); }
  if (prj.mode != MODE_POSITION) { return 0.0; }
  return clamp(pops[prj.pre].posScale * distance(prj, i, j), 0.0, job.maxDelay);
}

// ‖p_i − p_j‖ between neuron i of the pre- and j of the post-synaptic population
fn distance(prj: Prj, i: u32, j: u32) -> f32 {
  let a = pops[prj.pre];
  let b = pops[prj.post];
  var s = 0.0;
  for (var d = 0u; d < a.posDims; d++) {
    let diff = params[a.posOff + i * a.posDims + d] - params[b.posOff + j * a.posDims + d];
    s += diff * diff;
  }
  return sqrt(s);
}

fn synapse(id: vec3u, groups: vec3u) -> u32 { return id.x + id.y * groups.x * 64u; }

// Integer delays of one projection: round(d/dt) (halves up, as the CPU's Math.round), at most maxDelay steps.
@compute @workgroup_size(64)
fn steps(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let prj = prjs[job.index];
  let k = synapse(id, groups);
  if (k >= prj.nPre * prj.nPost) { return; }
  let d = delayOf(prj, k / prj.nPost, k % prj.nPost);
  dsteps[prj.dOff + k] = min(sz.ring - 2u, u32(floor(d / sz.dt + 0.5)));
}

// The connection cost l1·Σ|w|·d^γ of one projection: ∂/∂w += l1·sign(w)·d^γ and, with pull,
// ∂/∂d += l1·|w|·γ·d^(γ−1).
@compute @workgroup_size(64)
fn cost(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let prj = prjs[job.index];
  let k = synapse(id, groups);
  if (k >= prj.nPre * prj.nPost) { return; }
  let d = delayOf(prj, k / prj.nPost, k % prj.nPost);
  let w = params[prj.wOff + k];
  if (job.gamma == 0.0) {
    grad[prj.wOff + k] += job.l1 * sign(w);
  } else {
    grad[prj.wOff + k] += job.l1 * sign(w) * pow(d, job.gamma);
    if (job.pull != 0.0) { grad[prj.gdOff + k] += job.l1 * abs(w) * job.gamma * pow(d, job.gamma - 1.0); }
  }
}

// Learned delays of one projection: ∂L/∂(delay parameter) += ∂L/∂d.
@compute @workgroup_size(64)
fn learned(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let prj = prjs[job.index];
  let k = synapse(id, groups);
  if (k >= prj.nPre * prj.nPost) { return; }
  grad[prj.dParam + k] += grad[prj.gdOff + k];
}

// Positions of one population, a thread per coordinate: ∂L/∂p_n += Σ G·s·(p_i − p_j)/‖p_i − p_j‖
// over position synapses leaving n (as i), −= the same over those arriving at n (as j); no
// direction at zero distance, no gradient where the delay sits at its clamp.
@compute @workgroup_size(64)
fn positions(@builtin(global_invocation_id) id: vec3u) {
  let q = job.index;
  let pop = pops[q];
  let c = id.x;
  if (c >= pop.size * pop.posDims) { return; }
  let n = c / pop.posDims;
  let d = c % pop.posDims;
  var total = 0.0;
  for (var x = 0u; x < sz.prjs; x++) {
    let prj = prjs[x];
    if (prj.mode != MODE_POSITION) { continue; }
    if (prj.pre == q) {
      for (var j = 0u; j < prj.nPost; j++) { total += term(prj, n, j, d); }
    }
    if (prj.post == q) {
      for (var i = 0u; i < prj.nPre; i++) { total -= term(prj, i, n, d); }
    }
  }
  grad[pop.posOff + c] += total;
}

// G_ij·s·(p_i − p_j)_d/‖p_i − p_j‖ for synapse (i, j) of a position projection
fn term(prj: Prj, i: u32, j: u32, d: u32) -> f32 {
  let g = grad[prj.gdOff + i * prj.nPost + j];
  if (g == 0.0) { return 0.0; }
  let a = pops[prj.pre];
  let b = pops[prj.post];
  let dist = distance(prj, i, j);
  if (dist < 1e-12 || a.posScale * dist >= job.maxDelay) { return 0.0; }
  return g * a.posScale * (params[a.posOff + i * a.posDims + d] - params[b.posOff + j * a.posDims + d]) / dist;
}
