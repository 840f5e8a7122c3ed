// The loss of each sample from its readout (main/snn/loss.ts): softmax cross-entropy of the
// voltage readout, or the first-spike loss; writes ∂L/∂r, ∂L/∂t and ∂L/∂V(T) for the backward
// pass, and (loss, prediction) per sample for the host. One thread per sample.

@group(0) @binding(0) var<uniform> sz: Sizes;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
// [3][sample][neuron]: spike count, V, I
@group(0) @binding(2) var<storage, read> state: array<f32>;
@group(0) @binding(3) var<storage, read_write> outs: array<f32>;
// [sample]: loss, prediction (−1: no output spiked)
@group(0) @binding(4) var<storage, read_write> metrics: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let b = id.x;
  if (b >= sz.batch) { return; }
  let y = labels[b];
  let ttfs = sz.readout == READOUT_FIRST_SPIKE;
  let T = f32(sz.steps) * sz.dt;
  let base = b * sz.nOut * OUT_STRIDE;

  // readout r_k: the voltage readout, or −t_k/τ with t_k = T for a silent output
  var m = -3.0e38;
  for (var k = 0u; k < sz.nOut; k++) { m = max(m, readout(base + k * OUT_STRIDE, ttfs, T)); }
  var total = 0.0;
  for (var k = 0u; k < sz.nOut; k++) { total += exp(readout(base + k * OUT_STRIDE, ttfs, T) - m); }
  let ry = readout(base + y * OUT_STRIDE, ttfs, T);
  var loss = log(total) - (ry - m);
  var prediction = 0.0;
  if (ttfs) { prediction = -1.0; }
  var best = 0.0;
  for (var k = 0u; k < sz.nOut; k++) {
    let o = base + k * OUT_STRIDE;
    let r = readout(o, ttfs, T);
    var d = exp(r - m) / total;
    if (k == y) { d -= 1.0; }
    outs[o + 4u] = d;
    outs[o + 6u] = 0.0;
    if (ttfs) {
      let silent = outs[o + 3u] < 0.0;
      outs[o + 5u] = select(-d / sz.fsTau, 0.0, silent);
      // earliest spike wins; ties go to the lower index
      if (!silent && (prediction < 0.0 || outs[o + 2u] < best)) { prediction = f32(k); best = outs[o + 2u]; }
    } else if (k > 0u && r > best) { prediction = f32(k); best = r; } else if (k == 0u) { best = r; }
  }
  if (ttfs) {
    let o = base + y * OUT_STRIDE;
    let ty = select(outs[o + 2u], T, outs[o + 3u] < 0.0);
    let fst = 1.01 * T - ty;
    loss += sz.fsAlpha / fst;
    if (outs[o + 3u] < 0.0) {
      loss -= sz.fsPhantom * state[sz.batch * sz.neurons + b * sz.neurons + sz.outOff + y];
      outs[o + 6u] = -sz.fsPhantom;
    } else {
      outs[o + 5u] += sz.fsAlpha / (fst * fst);
    }
  }
  metrics[b] = vec2f(loss, prediction);
}

fn readout(o: u32, ttfs: bool, T: f32) -> f32 {
  if (!ttfs) { return outs[o]; }
  return -select(outs[o + 2u], T, outs[o + 3u] < 0.0) / sz.fsTau;
}
