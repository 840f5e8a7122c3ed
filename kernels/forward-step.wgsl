// Step n of the forward simulation for every (non-input neuron, sample): the same update as
// the CPU network (main/snn/cpu/network.ts). Arrivals are gathered per post-synaptic neuron from
// the spike tape (a spike written at tape index e with delay D arrives in step e + D), so no two
// threads write the same cell and no float atomics are needed. Every arrival is at least a step
// late, so all populations update in parallel within a step.

@group(0) @binding(0) var<uniform> sz: Sizes;
@group(0) @binding(1) var<uniform> stepU: Step;
@group(0) @binding(2) var<storage, read> pops: array<Pop>;
@group(0) @binding(3) var<storage, read> prjs: array<Prj>;
@group(0) @binding(4) var<storage, read> params: array<f32>;
@group(0) @binding(5) var<storage, read> dsteps: array<u32>;
// [sample][steps + 1][neuron]: spikes per tape index (emission step + 1)
@group(0) @binding(6) var<storage, read_write> spikes: array<f32>;
// [sample][step][neuron][2]: at a spike's threshold crossing, max(I − V, MIN_I_MINUS_V) (the
// jump's denominator) and where in the step the crossing lies (pushSpike in main/snn/cpu/network.ts)
@group(0) @binding(7) var<storage, read_write> crossing: array<f32>;
// [3][sample][neuron]: spike count, V, I
@group(0) @binding(8) var<storage, read_write> state: array<f32>;
// [sample][output][OUT_STRIDE]
@group(0) @binding(9) var<storage, read_write> outs: array<f32>;

// One dispatch per step, a thread per (neuron, sample). (One workgroup per sample looping over
// the steps with barriers between them was measured 2.3× slower on SwiftShader, and leaves most
// of a large GPU idle.)
@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= sz.neurons || id.y >= sz.batch) { return; }
  neuronStep(id.x, id.y, stepU.n);
}

fn neuronStep(g: u32, b: u32, n: i32) {
  var p = 0u;
  for (var q = 1u; q < sz.pops; q++) { if (g >= pops[q].off) { p = q; } }
  let pop = pops[p];
  if (pop.kind == KIND_INPUT) { return; }
  let N = sz.neurons;
  let tapeBase = b * (sz.steps + 1u);

  var arriving = 0.0;
  for (var x = 0u; x < sz.prjs; x++) {
    let prj = prjs[x];
    if (prj.post != p) { continue; }
    let j = g - prj.postOff;
    for (var i = 0u; i < prj.nPre; i++) {
      let k = i * prj.nPost + j;
      // an absent synapse of a sparse projection (weight exactly 0) reads neither its delay nor the tape
      let w = params[prj.wOff + k];
      if (w == 0.0) { continue; }
      let e = n - i32(dsteps[prj.dOff + k]);
      if (e < 0) { continue; }
      let s = spikes[(tapeBase + u32(e)) * N + prj.preOff + i];
      if (s != 0.0) { arriving += w * s; }
    }
  }

  let a = b * N + g;
  let BN = sz.batch * N;
  let vOld = state[BN + a];
  let iStart = state[2u * BN + a] + arriving;
  // α·V + (1 − α)·x written as V + (1 − α)·(x − V): exact in float32 to a few ε at any dt
  state[2u * BN + a] = iStart - pop.oneMinusBeta * iStart;
  var v = vOld + pop.oneMinusAlpha * (pop.iScale * iStart - vOld);
  let fired = pop.kind == KIND_LIF && v >= pop.threshold;
  let frac = (pop.threshold - vOld) / (v - vOld);
  if (fired) {
    spikes[(tapeBase + u32(n) + 1u) * N + g] = 1.0;
    let c = ((b * sz.steps + u32(n)) * N + g) * 2u;
    crossing[c] = max(iStart * exp(-frac * sz.dt / pop.tauS) - pop.threshold, MIN_I_MINUS_V);
    crossing[c + 1u] = frac;
    state[a] += 1.0;
  }

  if (p == sz.outPop) {
    let o = (b * sz.nOut + (g - sz.outOff)) * OUT_STRIDE;
    if (sz.readout == READOUT_FIRST_SPIKE) {
      // first spike time, interpolated within its step
      if (fired && outs[o + 3u] < 0.0) {
        outs[o + 2u] = (f32(n) + frac) * sz.dt;
        outs[o + 3u] = f32(n);
      }
    } else if (sz.readout == READOUT_MAX) {
      if (v > outs[o]) {
        outs[o] = v;
        outs[o + 1u] = f32(n);
      }
    } else {
      outs[o] += readoutWeight(n) * v;
    }
  }
  if (fired) { v = 0.0; }
  state[BN + a] = v;
}

// ∂r/∂V(n) of the averaging readouts (main/snn/loss.ts readoutWeight)
fn readoutWeight(n: i32) -> f32 {
  let T = f32(sz.steps);
  switch sz.readout {
    case READOUT_AVG_EXP: { return exp(-f32(n) / T) / T; }
    case READOUT_AVG: { return 1.0 / T; }
    default: { return sz.dt; }
  }
}
