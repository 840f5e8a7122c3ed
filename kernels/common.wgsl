// Declarations every engine kernel shares (prepended to each kernel by main/snn/gpu/kernels.ts).
// Layouts are written by main/snn/gpu/layout.ts; keep the two in step.

struct Sizes {
  batch: u32, neurons: u32, steps: u32, ring: u32,
  pops: u32, prjs: u32, outOff: u32, nOut: u32,
  readout: u32, gradSize: u32, outPop: u32, regOn: u32,
  dt: f32, scale: f32, regK: f32, regNu: f32,
  fsTau: f32, fsAlpha: f32, fsPhantom: f32, _pad: f32,
}

// A population: its neurons are [off, off + size) of the global index; with positions, theirs
// are params[posOff + neuron·posDims + d], and a distance of 1 makes posScale ms of delay.
// oneMinusAlpha = 1 − exp(−dt/τm), oneMinusBeta = 1 − exp(−dt/τs) and cross = τm/(τm−τs)·(α − β)
// come from the host in float64: α and β themselves round to float32 with an error that is a large
// part of 1 − α at small dt (2e-4 relative at dt = 0.001 ms), so the kernels never form 1 − α.
struct Pop {
  off: u32, size: u32, kind: u32, posOff: u32,
  oneMinusAlpha: f32, oneMinusBeta: f32, iScale: f32, threshold: f32,
  tauM: f32, tauS: f32, posScale: f32, posDims: u32,
  cross: f32, _p0: f32, _p1: f32, _p2: f32,
}

// A projection: weights at params[wOff + i·nPost + j], integer delays at dsteps[dOff + …], and,
// when hasDelay, ∂L/∂d at grad[gdOff + …] of the per-sample gradient. mode: how its delays are
// made (MODE_*); dParam: where its delay parameters start (fixed and learned delays).
struct Prj {
  pre: u32, post: u32, preOff: u32, nPre: u32,
  postOff: u32, nPost: u32, wOff: u32, dOff: u32,
  gdOff: u32, hasDelay: u32, mode: u32, dParam: u32,
}

struct Step { n: i32 }

const MODE_NONE = 0u;
const MODE_FIXED = 1u;
const MODE_LEARN = 2u;
const MODE_POSITION = 3u;
const KIND_INPUT = 0u;
const KIND_LIF = 1u;
const READOUT_AVG_EXP = 0u;
const READOUT_AVG = 1u;
const READOUT_SUM = 2u;
const READOUT_MAX = 3u;
const READOUT_FIRST_SPIKE = 4u;
// floats per (sample, output) in `outs`: readout, arg-max step, first-spike time, first-spike
// step (−1: none yet), ∂L/∂r, ∂L/∂t, ∂L/∂V(T), unused
const OUT_STRIDE = 8u;
// the smallest I − V a jump divides by (MIN_I_MINUS_V of the CPU network)
const MIN_I_MINUS_V = 1e-3;

// exp(x) − 1 without the cancellation of exp near 0 (WGSL has no expm1): a series below 0.1,
// whose first omitted term is x⁶/720 < 1.4e-9·|x|
fn expm1(x: f32) -> f32 {
  if (abs(x) < 0.1) { return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x / 120.0)))); }
  return exp(x) - 1.0;
}
