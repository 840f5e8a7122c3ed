// One step n of the EventProp backward pass (main/snn/cpu/network.ts `backward`), from the last
// step down to −1, for every (neuron, sample) — inputs included, as pre-synaptic neurons:
//   1. the output's loss drive s = −∂L/∂V(n)/dt, held over the step, and exact integration of
//      the adjoints (λ_V, λ_I) back over step n;
//   2. if the neuron spiked in step n: read the post-synaptic adjoints at each synapse's arrival
//      step m = n + 1 + D from the history ring, add ∂L/∂w = −τs·λ_I and ∂L/∂d = −w·(λ_I − λ_V)
//      to this sample's gradient row, and (LIF) jump λ_V by (ϑ·λ_V + Σ w·(λ_V − λ_I)) / (I − V)
//      at the threshold crossing, carried back to the step start (CpuNetwork.jump);
//   3. store λ at the start of step n in the history ring.
// An input neuron's entry in `spikes` (its spike count) is replaced by Σ w·(λ_V − λ_I) at its
// arrivals once read: ∂L/∂t of each of its spikes in step n (no other thread reads that entry).
// Step 2 reads ring slots of steps n + 1 … n + 1 + maxDelay while step 3 writes slot n: the ring
// has maxDelay + 2 slots, so they never meet. Each thread writes only its own neuron's adjoints
// and its own gradient row, so there are no races and no atomics.

@group(0) @binding(0) var<uniform> sz: Sizes;
@group(0) @binding(1) var<uniform> stepU: Step;
@group(0) @binding(2) var<storage, read> pops: array<Pop>;
@group(0) @binding(3) var<storage, read> prjs: array<Prj>;
@group(0) @binding(4) var<storage, read> params: array<f32>;
@group(0) @binding(5) var<storage, read> dsteps: array<u32>;
@group(0) @binding(6) var<storage, read_write> spikes: array<f32>;
@group(0) @binding(7) var<storage, read> crossing: array<f32>;
@group(0) @binding(8) var<storage, read> outs: array<f32>;
// spikes per neuron summed over the batch (the regulariser's counts)
@group(0) @binding(9) var<storage, read> counts: array<f32>;
// [2][sample][neuron] λ_V, λ_I, then the history ring [sample][ring][neuron] of (λ_V, λ_I)
@group(0) @binding(10) var<storage, read_write> adj: array<f32>;
// [sample][gradSize]
@group(0) @binding(11) var<storage, read_write> grad: array<f32>;

// One dispatch per step, a thread per (neuron, sample).
@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= sz.neurons || id.y >= sz.batch) { return; }
  neuronStep(id.x, id.y, stepU.n);
}

fn neuronStep(g: u32, b: u32, n: i32) {
  var p = 0u;
  for (var q = 1u; q < sz.pops; q++) { if (g >= pops[q].off) { p = q; } }
  let pop = pops[p];
  let N = sz.neurons;
  let BN = sz.batch * N;
  let a = b * N + g;
  let isOut = p == sz.outPop;
  let o = (b * sz.nOut + (g - sz.outOff)) * OUT_STRIDE;

  var lv = 0.0;
  var li = 0.0;
  if (pop.kind != KIND_INPUT) {
    lv = adj[a];
    li = adj[BN + a];
    if (n >= 0) {
      var s = 0.0;
      if (isOut) { s = drive(o, n); }
      let l = lv - s;
      li = li - pop.oneMinusBeta * (li - s) + pop.cross * l;
      lv = lv - pop.oneMinusAlpha * l;
    }
  }

  let fired = spikes[(b * (sz.steps + 1u) + u32(n + 1)) * N + g];
  if (fired != 0.0) {
    var rev = 0.0;
    let histBase = 2u * BN;
    let gradBase = b * sz.gradSize;
    for (var x = 0u; x < sz.prjs; x++) {
      let prj = prjs[x];
      if (prj.pre != p) { continue; }
      let i = g - prj.preOff;
      let tauS = pops[prj.post].tauS;
      for (var j = 0u; j < prj.nPost; j++) {
        let k = i * prj.nPost + j;
        let m = n + 1 + i32(dsteps[prj.dOff + k]);
        if (m >= i32(sz.steps)) { continue; }
        let h = histBase + ((b * sz.ring + u32(m) % sz.ring) * N + prj.postOff + j) * 2u;
        let hv = adj[h];
        let hi = adj[h + 1u];
        let w = params[prj.wOff + k];
        rev += w * (hv - hi);
        grad[gradBase + prj.wOff + k] -= fired * tauS * hi;
        if (prj.hasDelay != 0u) { grad[gradBase + prj.gdOff + k] -= fired * w * (hi - hv); }
      }
    }
    if (pop.kind == KIND_INPUT) { spikes[(b * (sz.steps + 1u) + u32(n + 1)) * N + g] = rev; }
    if (pop.kind == KIND_LIF) {
      // the loss's own dependence on an output's first spike time
      if (isOut && sz.readout == READOUT_FIRST_SPIKE && outs[o + 3u] == f32(n)) { rev += sz.scale * outs[o + 5u]; }
      let c = ((b * sz.steps + u32(n)) * N + g) * 2u;
      let x = crossing[c + 1u] * sz.dt;
      var s = 0.0;
      if (isOut) { s = drive(o, n); }
      // λ_V at the crossing, the jump there, and its image at the step start
      let lvCross = s + (lv - s) * exp(x / pop.tauM);
      var delta = (pop.threshold * lvCross + rev) / crossing[c];
      if (sz.regOn != 0u && !isOut) {
        let B = f32(sz.batch);
        delta -= pop.tauM * sz.regK * (counts[g] - sz.regNu * B) / (B * B);
      }
      let em = expm1(-x / pop.tauM);
      lv += (1.0 + em) * delta;
      li += pop.tauM / (pop.tauM - pop.tauS) * (em - expm1(-x / pop.tauS)) * delta;
    }
  }

  if (pop.kind != KIND_INPUT) {
    adj[a] = lv;
    adj[BN + a] = li;
    if (n >= 0) {
      let h = 2u * BN + ((b * sz.ring + u32(n) % sz.ring) * N + g) * 2u;
      adj[h] = lv;
      adj[h + 1u] = li;
    }
  }
}


// s = −∂L/∂V_out(n)/dt of this output (scaled by 1/batch)
fn drive(o: u32, n: i32) -> f32 {
  let T = i32(sz.steps);
  switch sz.readout {
    case READOUT_FIRST_SPIKE: { return select(0.0, -sz.scale * outs[o + 6u] / sz.dt, n == T - 1); }
    case READOUT_MAX: { return select(0.0, -sz.scale * outs[o + 4u] / sz.dt, outs[o + 1u] == f32(n)); }
    case READOUT_AVG_EXP: { return -sz.scale * outs[o + 4u] * exp(-f32(n) / f32(T)) / f32(T) / sz.dt; }
    case READOUT_AVG: { return -sz.scale * outs[o + 4u] / f32(T) / sz.dt; }
    default: { return -sz.scale * outs[o + 4u]; }
  }
}
