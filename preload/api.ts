/**
 * The contract: every call the UI can make and every event it can receive.
 *
 * Calls are declared as values (an input schema plus an output type marker) so that one table
 * drives everything: main validates each input against its schema before a handler runs,
 * `Handlers` forces main/api to implement every call (a missing handler does not compile), and
 * the renderer's client is typed from the same table. This file must stay free of `electron`
 * and of Node APIs: the renderer imports its types and the serve shell and CLI import its values.
 *
 * Payloads are JSON values plus typed arrays (which travel as binary frames over WebSocket and
 * by structured clone over Electron's MessagePort). No class instances, Maps or Dates.
 */
import { z } from 'zod'

/** Marks an output type. Outputs come from our own code, so they are typed, not re-validated. */
function returns<T>(): T {
  return undefined as T
}

const id = z.number().int().positive()
const none = z.object({}).strict()

export const SPLITS = ['train', 'validation', 'test'] as const
export type Split = (typeof SPLITS)[number]

/** Parameters of the Yin-Yang generator (Kriener et al. 2021, arXiv 2102.08211). */
export const yinYangParams = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** One seed; each split draws from its own stream derived from it. */
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    sizes: z
      .object({
        train: z.number().int().min(1).max(5_000_000).default(5000),
        validation: z.number().int().min(0).max(5_000_000).default(1000),
        test: z.number().int().min(0).max(5_000_000).default(1000)
      })
      .strict()
      .default({ train: 5000, validation: 1000, test: 1000 }),
    rSmall: z.number().positive().max(0.25).default(0.1),
    rBig: z.number().positive().max(10).default(0.5),
    /** Time-to-first-spike encoding: t = early + (late − early)·value, in ms. */
    encoding: z
      .object({
        early: z.number().min(0).max(1000).default(1.5),
        late: z.number().min(0).max(1000).default(20),
        /** Adds a fifth channel that spikes at `biasTime` in every sample. */
        bias: z.boolean().default(false),
        biasTime: z.number().min(0).max(1000).default(0)
      })
      .strict()
      .refine((e) => e.late > e.early, { message: 'encoding.late must be greater than encoding.early' })
      .default({ early: 1.5, late: 20, bias: false, biasTime: 0 })
  })
  .strict()
  .refine((p) => p.rSmall < p.rBig / 2, { message: 'rSmall must be smaller than rBig / 2' })
export type YinYangParams = z.output<typeof yinYangParams>

/** The synthetic sparse-coding dataset of the robustness study (main/data/synthetic.ts). */
export const syntheticParams = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(7),
    dims: z.number().int().min(2).max(1024).default(32),
    groups: z.number().int().min(2).max(100).default(5),
    atomsPerGroup: z.number().int().min(1).max(64).default(4),
    noise: z.number().min(0).max(10).default(0.05),
    tMax: z.number().positive().max(1000).default(20),
    threshold: z.number().min(0).max(1).default(0.05),
    sizes: z
      .object({ train: z.number().int().min(1).max(1_000_000).default(4000), validation: z.number().int().min(0).max(1_000_000).default(500), test: z.number().int().min(0).max(1_000_000).default(1000) })
      .strict()
      .default({ train: 4000, validation: 500, test: 1000 })
  })
  .strict()
export type SyntheticParamsInput = z.input<typeof syntheticParams>

/** The structured SHD-like dataset (main/data/shd-like.ts): SHD's shape, classes made of sweeps, speakers as a nuisance. */
export const shdLikeParams = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(3),
    classes: z.number().int().min(2).max(100).default(20),
    channels: z.number().int().min(16).max(4096).default(700),
    duration: z.number().positive().max(10_000).default(1000),
    speakers: z.number().int().min(1).max(100).default(12),
    testOnlySpeakers: z.number().int().min(0).max(99).default(2),
    spikesPerSample: z.number().min(1).max(100_000).default(5000),
    noise: z.number().min(0).max(1).default(0.3),
    sizes: z
      .object({ train: z.number().int().min(1).max(1_000_000).default(2000), validation: z.number().int().min(0).max(1_000_000).default(0), test: z.number().int().min(0).max(1_000_000).default(500) })
      .strict()
      .default({ train: 2000, validation: 0, test: 500 })
  })
  .strict()
  .refine((p) => p.testOnlySpeakers < p.speakers, { message: 'testOnlySpeakers must be fewer than speakers' })
export type ShdLikeParamsInput = z.input<typeof shdLikeParams>

export const IMPORT_FORMATS = ['auto', 'shd', 'mnist', 'rawhd'] as const
export const importParams = z
  .object({
    /** Absolute paths: SHD/SSC .h5(.gz/.zip) files (one per split), MNIST idx files, or a RawHD folder. */
    paths: z.array(z.string().min(1).max(4096)).min(1).max(8),
    format: z.enum(IMPORT_FORMATS).default('auto'),
    name: z.string().trim().min(1).max(100).optional()
  })
  .strict()
export type ImportParams = z.output<typeof importParams>

export const AUGMENTATIONS = ['shift', 'blend', 'dilate'] as const

/** Per-split statistics of a dataset for its view. */
export interface DatasetStats {
  datasetId: number
  split: Split
  /** Samples per class. */
  classCounts: number[]
  /** Samples the spike figures below were taken over (the first ones of the split). */
  sampled: number
  spikesPerSample: { mean: number; max: number }
  /** Mean spikes per sample, per input channel. */
  rates: Float32Array
}

export interface AugmentPreview {
  original: SampleSpikes
  augmented: { times: Float32Array; units: Uint16Array }
  /** The other sample of the same class that a blend mixed in. */
  partner: number | null
}
export type YinYangParamsInput = z.input<typeof yinYangParams>

export interface AppInfo {
  version: string
  shell: 'electron' | 'serve' | 'cli'
  node: string
  electron: string | null
  platform: string
  home: string
  schemaVersion: number
}

export const DATASET_KINDS = ['yinyang', 'shd', 'ssc', 'rawhd', 'mnist', 'synthetic', 'shd-like'] as const
export type DatasetKind = (typeof DATASET_KINDS)[number]

export interface DatasetSummary {
  id: number
  name: string
  kind: DatasetKind
  /** Files it was imported from (names only), and their total size in bytes. */
  source: string[]
  sourceBytes: number
  numChannels: number
  numClasses: number
  classNames: string[]
  /** Longest sample, ms. */
  duration: number
  splits: Partial<Record<Split, number>>
  params: unknown
  createdAt: string
}

/** Raw 2-D features of a dataset's samples, for plotting. */
export interface DatasetPoints {
  datasetId: number
  split: Split
  /** Number of samples in the split (the arrays may hold fewer when `limit` cut them). */
  total: number
  x: Float32Array
  y: Float32Array
  labels: Uint8Array
}

export interface SampleSpikes {
  datasetId: number
  split: Split
  index: number
  label: number
  times: Float32Array
  units: Uint16Array
  /** Speaker (or other source id) from the file, if it has one. */
  speaker: number | null
}

const delayMode = z.enum(['none', 'fixed', 'learn', 'position'])
const tau = z.number().positive().max(10_000)
const normal = z.object({ mean: z.number(), sd: z.number().min(0) }).strict()
/**
 * A projection's connectivity (§D.3): Dale's principle (each presynaptic neuron excitatory or
 * inhibitory, its weights keep that sign) and the fraction of synapses present, kept by rewiring.
 */
const connectivity = z
  .object({
    dale: z.boolean(),
    density: z.number().gt(0, 'density must lie in (0, 1]').max(1, 'density must lie in (0, 1]')
  })
  .strict()
  .default({ dale: false, density: 1 })

/** Two runs, EventProp and DCLS, on one dataset (presets chosen by the dataset's kind unless named). */
export const compareMethodsParams = z
  .object({
    datasetId: id,
    epochs: z.number().int().min(1).max(1000).default(5),
    eventprop: z.string().min(1).max(100).optional(),
    dcls: z.string().min(1).max(100).optional(),
    /** Settings set on both runs (dotted paths, as --set). */
    overrides: z.record(z.string().regex(/^[A-Za-z0-9_.]+$/), z.union([z.number(), z.string().max(200), z.boolean()])).default({}),
    /** Threads of the EventProp run (DCLS runs on one); 1 compares single-threaded implementations. */
    threads: z.number().int().min(0).max(64).default(1)
  })
  .strict()

export interface MethodEpoch { epoch: number; seconds: number; rssMb: number; trainAccuracy: number; activationsMb: number | null }

/** The compare-methods job's result: per method its run, per-epoch wall time and memory, and accuracy. */
export interface MethodComparison {
  datasetId: number
  methods: {
    method: 'eventprop' | 'dcls'
    runId: number
    preset: string
    epochs: MethodEpoch[]
    meanEpochSeconds: number
    /** Peak RSS of the job's process while this run trained, and its growth over the RSS before it. */
    peakRssMb: number
    rssGrowthMb: number
    /** Buffers a GPU engine allocated (0 on the CPU). */
    deviceMb: number
    /** Largest memory one batch kept for its backward pass (DCLS: every layer's activations at every step; EventProp: spike tapes and state); null where not measured (worker threads). */
    keptMb: number | null
    testAccuracy: number | null
  }[]
  /** DCLS over EventProp: mean epoch time, peak RSS growth, memory kept for the backward pass. */
  ratios: { epochSeconds: number; rssGrowth: number; kept: number | null }
}

/** Everything a training run needs besides its data (research/algorithms.md §A–C defaults). */
export const trainSettings = z
  .object({
    network: z
      .object({
        dt: z.number().positive().max(100),
        steps: z.number().int().min(1).max(100_000),
        inputs: z.number().int().min(1).max(100_000),
        hidden: z
          .array(
            z
              .object({
                size: z.number().int().min(1).max(8192),
                tauM: tau, tauS: tau, threshold: z.number().positive(),
                recurrent: z.boolean(), inputDelay: delayMode, recurrentDelay: delayMode,
                inputConn: connectivity, recurrentConn: connectivity,
                positions: z.object({ dims: z.number().int().min(1).max(4), scale: z.number().positive() }).strict().optional()
              })
              .strict()
          )
          .max(4),
        output: z
          .object({
            size: z.number().int().min(1).max(1000), tauM: tau, tauS: tau, delay: delayMode.default('none'), threshold: z.number().positive().default(1),
            conn: connectivity
          })
          .strict(),
        /** Fraction of excitatory neurons where Dale's principle is on (each neuron drawn with the run's seed). */
        excitatory: z.number().min(0, 'the excitatory fraction must lie in [0, 1]').max(1, 'the excitatory fraction must lie in [0, 1]').default(0.5),
        maxDelay: z.number().min(0).max(10_000),
        readout: z.enum(['avg-exp', 'avg', 'sum', 'max', 'first-spike']),
        /** The first-spike readout's loss: softmax temperature (ms), early-spike term, silent-output drive. */
        firstSpike: z.object({ tau: z.number().positive(), alpha: z.number().min(0), phantom: z.number().min(0) }).strict().default({ tau: 1, alpha: 0.01, phantom: 0.1 })
      })
      .strict(),
    init: z
      .object({
        /**
         * fixed: weights Normal(mean, sd) per kind as given; data: weights into LIF layers set from
         * the rates measured on the training data so that membrane potentials reach `data`'s
         * targets (main/train/data-init.ts); delays and positions as given either way.
         */
        mode: z.enum(['fixed', 'data']).default('fixed'),
        weight: z.object({ input: normal, hidden: normal, recurrent: normal, output: normal }).strict(),
        delay: z.object({ feedforward: z.number().min(0), recurrent: z.number().min(0) }).strict(),
        positionRange: z.number().min(0),
        data: z
          .object({
            targetMean: z.number().min(-10).max(10), targetSd: z.number().positive().max(10),
            recurrentShare: z.number().min(0).max(1), targetReadoutSd: z.number().positive().max(100),
            samples: z.number().int().min(1).max(4096)
          })
          .strict()
          .default({ targetMean: 0, targetSd: 1, recurrentShare: 0.1, targetReadoutSd: 1, samples: 32 })
      })
      .strict(),
    /**
     * The pre-flight check before the first epoch (main/train/preflight.ts): stop a run whose
     * hidden layer is silent or saturated, rescale its input weights until it is not, only warn,
     * or skip the check.
     */
    preflight: z.enum(['stop', 'rescale', 'warn', 'off']).default('stop'),
    seed: z.number().int().min(0).max(0xffffffff),
    batchSize: z.number().int().min(1).max(4096),
    epochs: z.number().int().min(1).max(10_000),
    lr: z.object({ weight: z.number().min(0), delay: z.number().min(0), position: z.number().min(0) }).strict(),
    easeIn: z.boolean(),
    /** Every learning rate is multiplied by this after each epoch (1: constant rates). */
    lrDecay: z.number().gt(0).max(1).default(1),
    reg: z.object({ k: z.number().min(0), nu: z.number().min(0) }).strict(),
    /**
     * Connection cost l1·Σ|w|·d^γ on the learned- or position-delay projections (main/snn/gradients.ts);
     * pull: its gradient also shortens the delays (moves positions), not only the weights.
     */
    cost: z.object({ l1: z.number().min(0), gamma: z.number().min(0).max(4), pull: z.boolean().default(false) }).strict(),
    silentBoost: z.number().min(0),
    /**
     * Sparse projections (density < 1), after every step (main/train/rewire.ts): synapses whose weight
     * crossed zero are removed (DEEP R) and as many are regrown: none, at random, or by RigL (the
     * absent synapses whose gradient promises most), RigL ranking them with the dense gradient
     * computed every `every` batches.
     */
    rewire: z.object({ regrow: z.enum(['none', 'random', 'rigl']), every: z.number().int().min(1).max(10_000) }).strict().default({ regrow: 'rigl', every: 1 }),
    /** Stop after `patience` epochs without a better accuracy on `split`. */
    earlyStop: z.object({ split: z.enum(['train', 'validation']), patience: z.number().int().min(1) }).strict(),
    /** Batches: stratified by class or plain shuffled; augmentations of the training samples (main/data/augment.ts). */
    data: z
      .object({
        stratified: z.boolean(),
        augment: z
          .object({
            shift: z.number().int().min(0).max(1000), blend: z.number().min(0).max(4), blendKeep: z.number().gt(0).max(1), dilate: z.number().min(0).max(0.9)
          })
          .strict()
      })
      .strict()
      .default({ stratified: false, augment: { shift: 0, blend: 0, blendKeep: 0.5, dilate: 0 } }),
    /**
     * Worker threads a batch is split over (0: one per core, at most one per sample). Results are
     * reproducible for a given count; a different count sums gradients in another order.
     */
    threads: z.number().int().min(0).max(64).default(0),
    /** Where the passes run: auto (a hardware GPU if WebGPU finds one, else the CPU), gpu (WebGPU), cpu. */
    backend: z.enum(['auto', 'gpu', 'cpu']).default('auto'),
    /**
     * How the network learns: EventProp (exact gradients, event-driven) or DCLS (dilated convolution
     * with learnable spacings: Gaussian-kernel delays, surrogate-gradient BPTT; main/snn/dcls), the
     * baseline of arXiv 2306.17670 / 2407.18917. DCLS reads the network's sizes, τm, thresholds, dt,
     * steps and maxDelay (its taps) and trains feedforward layers; lr.weight and lr.delay are its
     * weight and position rates.
     */
    method: z.enum(['eventprop', 'dcls']).default('eventprop'),
    dcls: z
      .object({
        surrogateAlpha: z.number().positive().max(100), batchNorm: z.boolean(), dropout: z.number().min(0).max(0.95), detachReset: z.boolean(),
        channelPool: z.number().int().min(1).max(64), sigmaFinal: z.number().positive().max(100), sigmaEpochs: z.number().min(0).max(1), rightPad: z.boolean(),
        /** Adam's L2 weight decay on weights and batch-norm parameters. */
        weightDecay: z.number().min(0).max(1),
        /** paper: weights OneCycle to 5× lr.weight, positions cosine-annealed over the epochs; constant: the rates as given. */
        schedule: z.enum(['paper', 'constant'])
      })
      .strict()
      .default({ surrogateAlpha: 5, batchNorm: true, dropout: 0.4, detachReset: true, channelPool: 1, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true, weightDecay: 1e-5, schedule: 'paper' })
  })
  .strict()
export type TrainSettingsInput = z.input<typeof trainSettings>

/** One editable setting: its dotted path, value, and the control its schema calls for. */
export interface SettingField {
  path: string
  value: number | string | boolean
  kind: 'number' | 'boolean' | 'text' | 'choice'
  /** The choices of an enumerated setting. */
  options?: string[]
}

export interface PresetInfo {
  id: string
  title: string
  /** The paper the experiment comes from. */
  source: { title: string; arxiv: string }
  description: string
  /** The kind of dataset it trains on. */
  dataset: 'yinyang' | 'sequence' | 'shd' | 'ssc' | 'rawhd' | 'any'
  /** Kinds of dataset it accepts (none: the sequence task brings its own patterns). */
  accepts: DatasetKind[]
  /** Its settings as form fields, each with the control its schema calls for. */
  fields: SettingField[]
  /** Accuracy the source reports, if any. */
  reported: string | null
  settings: z.output<typeof trainSettings>
}

/** Activity of one LIF layer over the pre-flight samples (main/train/preflight.ts). */
export interface LayerActivity {
  layer: string
  population: number
  size: number
  /** Fractions of the layer's neurons that never spiked / spiked in over half of the steps. */
  silent: number
  saturated: number
  spikesPerSample: number
  rateHz: number
}

/** A run's pre-flight check: activity at the initial parameters, what was wrong, what was rescaled. */
export interface Preflight {
  samples: number
  layers: LayerActivity[]
  problems: string[]
  rescaled: string[]
}

export interface RunSummary {
  id: number
  name: string
  preset: string
  datasetId: number | null
  state: JobState
  /** The job that trains it now, or last did. */
  jobId: number | null
  backend: string
  seed: number
  epochsDone: number
  /** The epoch (counted from 1, as in the metrics) whose checkpoint scored best. */
  bestEpoch: number | null
  /** The sweep that made it and its grid point there, or null. */
  sweepId: number | null
  sweepPoint: number | null
  result: { testAccuracy?: number; bestValidationAccuracy?: number; seconds?: number } | null
  error: string | null
  createdAt: string
  finishedAt: string | null
  preflight: Preflight | null
}

export interface MetricPoint {
  epoch: number
  split: 'train' | 'validation' | 'test'
  loss: number
  accuracy: number
}

export interface RunDetail extends RunSummary {
  settings: z.output<typeof trainSettings>
  metrics: MetricPoint[]
  /** Learned delays (ms) per epoch, as histograms over shared bin edges. */
  delayHistograms: { epoch: number; counts: number[] }[]
  delayEdges: number[]
  /** Hidden-layer activity per epoch during training: spikes per sample, and the fraction of hidden neurons that never spiked. */
  activity: { epoch: number; spikesPerSample: number; silent: number }[]
  /** Per epoch: wall time, peak RSS of the training process, memory one batch kept for its backward pass (null where not measured). */
  cost: { epoch: number; seconds: number; rssMb: number; keptMb: number | null }[]
}

/** Spikes of one sample through every layer of a run's network. */
export interface RunRaster {
  runId: number
  label: number
  prediction: number
  dt: number
  steps: number
  /** Every spiking layer: the inputs, the hidden layers, and LIF outputs (first-spike readout). */
  layers: { name: string; size: number; steps: Int32Array; neurons: Int32Array }[]
  /** Output voltages, [step][output] row-major. */
  outputVoltage: Float32Array
  /** The dataset's class names (by label), for label, prediction and the output traces. */
  classNames: string[]
}

/** What the E/I analysis reads: a snapshot epoch (from 1) or a checkpoint; bins; the pruned view's kept fraction. */
export const eiParams = z
  .object({
    runId: id,
    /** An epoch with an E/I snapshot (ei.epochs), or the best / latest checkpoint. */
    at: z.union([z.number().int().min(1), z.enum(['best', 'latest'])]).default('best'),
    delayBins: z.number().int().min(1).max(200).default(12),
    channelBands: z.number().int().min(1).max(1000).default(40),
    /** Fraction of synapses kept by |w| for the pruned maps (1: no pruned view). */
    keep: z.number().gt(0).max(1).default(1),
    /** Also every neuron's field, in the clustered order (the view's grid); the CLI leaves them out. */
    fields: z.boolean().default(true)
  })
  .strict()

export type EiParams = z.output<typeof eiParams>

/** E/I maps of one checkpoint or snapshot (main/ei/analysis.ts). */
export interface EiMaps {
  delayBins: number
  channelBands: number
  delayEdges: number[]
  bandEdges: number[]
  /** [neuron][band][delay bin] Σ signed weights; empty when not asked for. */
  fields: Float32Array
  order: number[]
  population: {
    excitatoryByDelay: number[]; inhibitoryByDelay: number[]; excitatoryByChannel: number[]; inhibitoryByChannel: number[]
    balanceByDelay: number[]; balanceByChannel: number[]; excitatoryShare: number[]; grouping: number; groupingNull: number
  }
  synapses: { present: number; excitatory: number; inhibitory: number; total: number }
  disconnected: number[]
}

export interface EiAnalysis extends EiMaps {
  runId: number
  /** Completed epochs of what was analysed (from 1). */
  epoch: number
  at: number | 'best' | 'latest'
  inputs: number
  neurons: number
  /** The analysed projection (inputs → first hidden layer): Dale, density, the excitatory fraction of its inputs. */
  projection: { dale: boolean; density: number; excitatoryInputs: number | null; delayMode: string }
  pruned: (EiMaps & { keep: number; survival: { byDelay: number; byChannel: number; fields: number } }) | null
  /** Per epoch: synapses removed and regrown, and neurons a sparse projection left without input. */
  rewiring: { epoch: number; removed: number; regrown: number; clipped: number; disconnected: number }[]
  notes: string[]
}

/** The Space analysis of a position-learning run's checkpoint (main/space/analysis.ts). */
export interface SpaceAnalysis {
  runId: number
  /** The checkpoint's epoch, counted from 1. */
  epoch: number
  /** Population index of the measured recurrent layer, its size and position dimensions (0 without positions). */
  layer: number
  n: number
  dims: number
  /** False for a recurrent layer without positions (free or fixed delays): no wiring or specialisation. */
  positioned: boolean
  /** [neuron][dim], the recurrent weights and delays [pre][post]. */
  positions: Float32Array
  weights: Float32Array
  delays: Float32Array
  /** Louvain community of each neuron. */
  communities: Int32Array
  measures: {
    /** Null without positions, as is every wiring and specialisation measure. */
    wiringCost: number | null
    wiringCostSpatialNull: number | null
    /** Wiring cost over its mean under permuted positions (< 1: shorter than chance). */
    wiringCostRatio: number | null
    wiringEfficiency: number | null
    modularity: number
    communities: number
    clustering: number
    clusteringNull: number
    clusteringRatio: number | null
    efficiency: number
    efficiencyNull: number
    efficiencyRatio: number | null
    /** Needs the input weights: best and latest checkpoints only (null for other epochs). */
    specialisationR2: number | null
    specialisationR2PerAxis: number[]
    /** The same regression's leave-one-out R² (each neuron predicted from a fit to the others). */
    specialisationR2HeldOut: number | null
  }
  /** Connection lengths: distances between positions, or the delays (ms) of a layer without positions. */
  lengthHistogram: { of: 'distance' | 'delay'; edges: number[]; synapses: number[]; weight: number[] }
  nulls: { clustering: number; efficiency: number; spatial: number }
  notes: string[]
}

/** What the pruning job returns (main/jobs/kinds/space-prune.ts). */
export interface PruneResult {
  runId: number
  epoch: number
  split: Split
  samples: number
  /** Percentages kept, and the accuracy at each: keeping the largest |w|, keeping the shortest. */
  keep: number[]
  accuracy: number
  magnitude: number[]
  length: number[]
  /** Per neuron of the positioned layer (−1: never spiked), and its spikes per sample. */
  preferredClass: number[]
  rates: number[]
  classNames: string[]
  /** Mean distance between neurons preferring the same class over that between all (< 1: together). */
  classClustering: number | null
}

export const spaceParams = z
  .object({
    runId: id,
    /** 'best' (default) or 'latest' checkpoint; or, with `epoch`, that epoch's snapshot. */
    checkpoint: z.enum(['best', 'latest']).default('best'),
    epoch: z.number().int().min(1).optional(),
    clusteringNulls: z.number().int().min(0).max(1000).default(50),
    efficiencyNulls: z.number().int().min(0).max(1000).default(5),
    spatialNulls: z.number().int().min(0).max(1000).default(50),
    resolution: z.number().positive().max(100).default(1),
    seed: z.number().int().min(0).max(0xffffffff).default(1)
  })
  .strict()

const settingValue = z.union([z.number(), z.string().max(200), z.boolean()])
const settingPath = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.]+$/, 'a dotted setting path such as lr.weight')

/**
 * A sweep (main/sweeps): a preset trained at every combination of the grid's values, once per
 * seed, on one dataset. `base` applies to every run; `skip` leaves out the grid points that match
 * every key of one of its entries. Runs train with one thread each unless `base` sets threads, so
 * a run gives the same numbers wherever it runs (locally, on any Slurm node).
 */
export const sweepSpec = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    preset: z.string().min(1).max(100),
    /** Required unless the preset makes its own data (the sequence task). */
    datasetId: id.optional(),
    base: z.record(settingPath, settingValue).default({}),
    grid: z.record(settingPath, z.array(settingValue).min(1, 'give at least one value').max(100)).default({}),
    seeds: z.array(z.number().int().min(0).max(0xffffffff)).min(1).max(1000).default([1]),
    skip: z.array(z.record(settingPath, settingValue)).max(100).default([])
  })
  .strict()
export type SweepSpec = z.output<typeof sweepSpec>
export type SweepSpecInput = z.input<typeof sweepSpec>

/** Where a sweep's runs train: this machine's job system, or a Slurm job array. */
export const slurmSettings = z
  .object({
    /** A directory every node sees (the cluster's shared file system): task stores, logs, the script. */
    dir: z.string().min(1).max(4096),
    partition: z.string().max(100).optional(),
    /** Slurm's time limit per task, e.g. 00:30:00. */
    time: z.string().regex(/^(\d+-)?\d{1,2}(:\d{2}){0,2}$/, 'a Slurm time such as 00:30:00 or 1-12:00:00').optional(),
    gpus: z.number().int().min(0).max(16).default(0),
    cpus: z.number().int().min(1).max(256).default(1),
    account: z.string().max(100).optional(),
    /** `module load` lines before the task runs (e.g. nodejs/20). */
    modules: z.array(z.string().min(1).max(200)).max(20).default([]),
    /** Tasks of the array running at once (%K); none: as many as Slurm allows. */
    parallel: z.number().int().min(1).max(10_000).optional(),
    /** Train in node-local scratch ($TMPDIR) and copy the task's store back when it ends. */
    scratch: z.boolean().default(false),
    /** The node and axonal CLI the tasks run (default: this machine's, for a shared install). */
    node: z.string().max(4096).optional(),
    cli: z.string().max(4096).optional()
  })
  .strict()
export type SlurmSettings = z.output<typeof slurmSettings>

export const SWEEP_STATES = ['running', 'paused', 'done', 'cancelled'] as const
export type SweepState = (typeof SWEEP_STATES)[number]

/** One grid point of a sweep: its settings beyond the preset, its seed, and its run (once it has one). */
export interface SweepPoint {
  index: number
  /** The swept settings of this point (base settings not repeated), seed included. */
  values: Record<string, number | string | boolean>
  seed: number
  label: string
  runId: number | null
  state: JobState | 'pending' | 'unknown'
  /** Slurm's word for the task (PENDING, RUNNING, COMPLETED, FAILED…), for a Slurm sweep. */
  slurmState?: string
  testAccuracy: number | null
  bestValidationAccuracy: number | null
  trainAccuracy: number | null
  epochsDone: number
  seconds: number | null
}

export interface SweepPlan {
  spec: SweepSpec
  points: Omit<SweepPoint, 'runId' | 'state' | 'testAccuracy' | 'bestValidationAccuracy' | 'trainAccuracy' | 'epochsDone' | 'seconds'>[]
  /** The grid's keys (the seed not included), in order. */
  keys: string[]
  /** Epochs at most per run, training samples per epoch. */
  epochs: number
  trainSamples: number
  /** Measured on one batch of the first point here, or null when it could not be measured. */
  estimate: { secondsPerRun: number; totalSeconds: number; concurrency: number; wallSeconds: number; basis: string } | null
}

export interface SweepSummary {
  id: number
  uid: string
  name: string
  preset: string
  datasetId: number | null
  runner: 'local' | 'slurm'
  state: SweepState
  concurrency: number
  points: number
  counts: Partial<Record<SweepPoint['state'], number>>
  createdAt: string
  finishedAt: string | null
}

export const SWEEP_METRICS = ['testAccuracy', 'bestValidationAccuracy', 'trainAccuracy', 'seconds'] as const
export type SweepMetric = (typeof SWEEP_METRICS)[number]

/** A sweep's figure: the metric against one swept setting, a line per condition, mean ± sd over seeds. */
export interface SweepAggregate {
  x: string
  metric: SweepMetric
  /** The x values in grid order; numeric ones are plotted on a scale, others as categories. */
  xValues: (number | string | boolean)[]
  series: { condition: string; points: { x: number | string | boolean; mean: number; sd: number; n: number }[] }[]
}

export interface SweepDetail extends SweepSummary {
  spec: SweepSpec
  keys: string[]
  grid: SweepPoint[]
  /** A Slurm sweep's settings, its directory, and its job arrays (the first, then resubmissions). */
  slurm: (SlurmSettings & { jobIds: string[]; sweepDir: string }) | null
}

export const LOIHI_COST_KEYS = ['eSyn', 'eNeuronActive', 'eNeuronIdle', 'eSpike', 'pStatic', 'tSyn', 'tNeuronActive', 'tNeuronIdle', 'tSync', 'tIo'] as const

/** Quantising a run for Loihi 2 (main/loihi/quantise.ts), and emulating it on a split. */
export const loihiParams = z
  .object({
    runId: id,
    checkpoint: z.enum(['best', 'latest']).default('best'),
    split: z.enum(SPLITS).default('test'),
    /** At most this many samples of the split (from its start). */
    limit: z.number().int().min(1).max(10_000_000).optional(),
    /** Percentile of |W| that sets each layer's weight scale (ml_genn_netx: 99). */
    percentile: z.number().gt(50).max(100).default(99),
    /** Delays over Loihi's 62 steps: refuse the run, or clamp them. */
    delays: z.enum(['refuse', 'clamp']).default('refuse'),
    /** Worker threads the emulation is split over (0: one per core). */
    threads: z.number().int().min(0).max(64).default(0),
    /** Cost-model constants to change (SI units: J, W, s), by name. */
    cost: z.partialRecord(z.enum(LOIHI_COST_KEYS), z.number().min(0).max(1e3)).default({})
  })
  .strict()

export interface LoihiQuantisation {
  runId: number
  epoch: number
  layers: { name: string; size: number; kind: 'lif' | 'li'; du: number; dv: number; vth: number; scaleExp: number; iDecay: number; vDecay: number }[]
  projections: { name: string; synapses: number; relativeRms: number; clipped: number; zeroed: number; weightExp: number; maxDelay: number; delaysClamped: number }[]
  notes: string[]
  mapping: { layers: { layer: string; neurons: number; fanIn: number; perCore: number; cores: number; synapsesPerUnit: number }[]; cores: { layer: string; chip: number; core: number; neurons: number; axonIn: number; synMem: number }[]; chips: number; board: string | null; caps: { neurons: number; axonIn: number; synMem: number; axonMap: number; coresPerChip: number } }
}

export interface LoihiReport extends LoihiQuantisation {
  split: Split
  samples: number
  accuracy: { float: number; emulated: number; agreement: number }
  perClass: { name: string; samples: number; float: number; emulated: number }[]
  /** Spikes per sample of each layer (inputs first), float model and emulated. */
  spikes: { layer: string; float: number; emulated: number }[]
  clippedInputs: number
  cost: { synapticOps: number; spikes: number; neuronUpdates: number; seconds: number; dynamicJoules: number; totalJoules: number; chips: number }
  costModel: Record<(typeof LOIHI_COST_KEYS)[number], { value: number; unit: string; source: string }>
  jetson: { paper: string; model: string; batch: number; latencyMs: number; totalMj: number | null; dynamicMj: number | null }[]
  samplesPerSecond: number
  /** Worker threads the samples were emulated on. */
  threads: number
}

export const REPORT_KINDS = ['run', 'compare', 'sweep', 'space', 'ei', 'loihi', 'attack'] as const
export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json', 'svg'] as const

/** A report to render (main/report): what, from which ids, in which format, and where. */
export const reportParams = z
  .object({
    kind: z.enum(REPORT_KINDS),
    /** Run ids (one, or several for a comparison), a sweep id, or an attack job's id. */
    ids: z.array(id).min(1).max(50),
    format: z.enum(REPORT_FORMATS).default('html'),
    /** An absolute folder to write into (default: the data directory's reports/). */
    outDir: z.string().min(1).max(4096).optional()
  })
  .strict()
  .refine((p) => (p.kind === 'compare' ? p.ids.length >= 2 : p.ids.length === 1), { message: 'a comparison takes two or more runs; every other report one id' })

export interface ReportResult {
  path: string
  fileName: string
  format: (typeof REPORT_FORMATS)[number]
  bytes: number
  sections: string[]
  figures: string[]
  /** Extra files (svg: one per figure, and its PNG where Chromium can draw it). */
  files: string[]
}

export const ANALOG_ATTACKS = ['fgsm', 'ifgsm', 'pgd', 'noise'] as const
export const SPIKE_ATTACKS = ['shift', 'shift-random', 'delete', 'delete-random', 'insert', 'insert-random'] as const
/** Perturbations of the network itself (any dataset): ε is σ in ms, a delay grid in ms, or bits. */
export const NETWORK_ATTACKS = ['delay-jitter', 'delay-round', 'weight-bits'] as const

/** An attack sweep on a trained run's split (main/robust): ε per point, seeded. */
export const attackParams = z
  .object({
    /** The run attacked (its best checkpoint, on its dataset); without one, only the baselines on `datasetId`. */
    runId: id.optional(),
    datasetId: id.optional(),
    /** More trained runs attacked alongside, on the same dataset's split (their curves overlaid). */
    alongside: z.array(id).max(20).default([]),
    split: z.enum(SPLITS).default('test'),
    attack: z.enum([...ANALOG_ATTACKS, ...SPIKE_ATTACKS, ...NETWORK_ATTACKS]),
    norm: z.enum(['linf', 'l2']).default('linf'),
    /** Analog: ε in input units; shift: ms; delete and insert: a fraction of the sample's spikes; delay-jitter: σ ms; delay-round: grid ms; weight-bits: bits. */
    eps: z.array(z.number().finite().min(0, 'ε must be 0 or more')).min(1).max(50),
    steps: z.number().int().min(1).max(1000).default(10),
    limit: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Analog attacks: also the undefended linear and MLP classifiers and the sparse coders. */
    baselines: z.boolean().default(false),
    /** The sparse coders' dictionary: the synthetic generator's, or learned from the training split (per class, `atoms` principal directions). */
    dictionary: z.enum(['generator', 'learned']).optional(),
    atoms: z.number().int().min(1).max(256).default(4),
    /** The group lasso's λ. */
    lambda: z.number().positive().max(100).default(0.05)
  })
  .strict()
  .refine((p) => (p.runId === undefined) !== (p.datasetId === undefined), 'attack a run, or the baselines on a dataset (not both)')

export interface AttackCurve { model: string; points: { eps: number; accuracy: number; meanPerturbation: number; success: number }[] }
/** Inputs next to their attacked versions at the largest ε, with both predictions. */
export type AttackExample =
  | { kind: 'analog'; label: number; x: number[]; adversarial: number[]; clean: number; attacked: number }
  | { kind: 'spikes'; label: number; times: number[]; units: number[]; attackedTimes: number[]; attackedUnits: number[]; clean: number; attacked: number }
export interface AttackReport { runId: number | null; datasetId: number; split: Split; attack: string; norm: string; samples: number; seed: number; curves: AttackCurve[]; examples: AttackExample[]; classNames: string[]; eps: number }

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
export const JOB_KINDS = ['generate-yinyang', 'generate-synthetic', 'generate-shd-like', 'import-dataset', 'train', 'space-prune', 'space-analysis', 'loihi-emulate', 'report-render', 'robust-attack', 'compare-methods'] as const
export type JobKind = (typeof JOB_KINDS)[number]

export interface JobInfo {
  id: number
  kind: JobKind
  title: string
  state: JobState
  /** 0…1 */
  progress: number
  message: string
  error: string | null
  result: unknown
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export interface JobLog {
  jobId: number
  level: 'info' | 'warn' | 'error'
  message: string
  at: string
}

/** What can train here: the WebGPU adapter (if any), the CPU, and what 'auto' picks. */
export interface DeviceInfo {
  gpu: {
    vendor: string
    architecture: string
    device: string
    description: string
    /** A software adapter (SwiftShader): correct, slower than the CPU engine. */
    software: boolean
    limits: Record<string, number>
  } | null
  /** Why WebGPU has no adapter here, when it has none. */
  gpuError: string | null
  cpu: { model: string; cores: number }
  /** The engine a run with backend 'auto' gets, and why. */
  auto: { backend: 'gpu' | 'cpu'; reason: string }
}

export const calls = {
  'app.info': { input: none, output: returns<AppInfo>() },
  'device.info': { input: none, output: returns<DeviceInfo>() },
  'datasets.list': { input: none, output: returns<DatasetSummary[]>() },
  'datasets.get': { input: z.object({ id }).strict(), output: returns<DatasetSummary>() },
  'datasets.points': {
    input: z
      .object({ id, split: z.enum(SPLITS), limit: z.number().int().min(1).max(1_000_000).default(5000) })
      .strict(),
    output: returns<DatasetPoints>()
  },
  'datasets.sample': {
    input: z.object({ id, split: z.enum(SPLITS), index: z.number().int().min(0) }).strict(),
    output: returns<SampleSpikes>()
  },
  'datasets.generateYinYang': { input: yinYangParams, output: returns<JobInfo>() },
  'datasets.generateSynthetic': { input: syntheticParams, output: returns<JobInfo>() },
  'datasets.generateShdLike': { input: shdLikeParams, output: returns<JobInfo>() },
  'space.analyse': { input: spaceParams, output: returns<SpaceAnalysis>() },
  /** Pruning curves and preferred classes of a position-learning run, as a job (result: PruneResult). */
  'space.prune': {
    input: z.object({
      runId: id, checkpoint: z.enum(['best', 'latest']).default('best'), split: z.enum(SPLITS).default('test'),
      keep: z.array(z.number().min(0).max(100)).min(1).max(40).default([100, 50, 20, 10, 5, 2, 1])
    }).strict(),
    output: returns<JobInfo>()
  },
  /** One neuron's receptive field: its input weights in a run's checkpoint (the Space view's hover). */
  'space.field': { input: z.object({ runId: id, checkpoint: z.enum(['best', 'latest']).default('best'), neuron: z.number().int().min(0) }).strict(), output: returns<Float32Array>() },
  /** Epochs of a run with a Space snapshot (positions and recurrent weights), for the scrubber. */
  'space.epochs': { input: z.object({ runId: id }).strict(), output: returns<number[]>() },
  /** E/I receptive fields and population maps of a run (main/ei). */
  'ei.analyse': { input: eiParams, output: returns<EiAnalysis>() },
  /** Epochs of a run with an E/I snapshot (runs with Dale or sparse projections), for the scrubber. */
  'ei.epochs': { input: z.object({ runId: id }).strict(), output: returns<number[]>() },
  'datasets.import': { input: importParams, output: returns<JobInfo>() },
  /** Serve shell: upload a file in chunks into the data folder; the answer names the path to import. */
  'datasets.upload': {
    input: z
      .object({
        uploadId: z.string().regex(/^[a-f0-9]{16}$/).optional(),
        name: z.string().min(1).max(255).regex(/^[^/\\]+$/, 'a file name without folders'),
        offset: z.number().int().min(0),
        bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 16 * 2 ** 20, 'at most 16 MiB per chunk')
      })
      .strict(),
    output: returns<{ uploadId: string; path: string; size: number }>()
  },
  /** A native file dialog where the shell has one (Electron); elsewhere `available` is false. */
  'datasets.pickFiles': { input: z.object({ folder: z.boolean().default(false) }).strict(), output: returns<{ available: boolean; paths: string[] | null }>() },
  'datasets.stats': {
    input: z.object({ id, split: z.enum(SPLITS), limit: z.number().int().min(1).max(100_000).default(500) }).strict(),
    output: returns<DatasetStats>()
  },
  'datasets.augment': {
    input: z
      .object({
        id, split: z.enum(SPLITS), index: z.number().int().min(0), kind: z.enum(AUGMENTATIONS),
        /** shift: max channels; blend: keep-probability; dilate: max relative stretch. */
        amount: z.number().min(0).max(1000), seed: z.number().int().min(0).max(0xffffffff).default(1)
      })
      .strict(),
    output: returns<AugmentPreview>()
  },
  'datasets.remove': { input: z.object({ id }).strict(), output: returns<{ removed: boolean }>() },
  'presets.list': { input: none, output: returns<PresetInfo[]>() },
  'runs.list': { input: none, output: returns<RunSummary[]>() },
  'runs.get': { input: z.object({ id }).strict(), output: returns<RunDetail>() },
  'runs.start': {
    input: z
      .object({
        preset: z.string().min(1).max(100),
        /** Required unless the preset makes its own data (the sequence task). */
        datasetId: id.optional(),
        name: z.string().trim().min(1).max(100).optional(),
        /** Dotted paths into the preset's settings, e.g. {"epochs": 5, "network.hidden.0.size": 64}. */
        overrides: z.record(z.string().max(200), z.union([z.number(), z.string().max(200), z.boolean()])).default({})
      })
      .strict(),
    output: returns<{ run: RunSummary; job: JobInfo }>()
  },
  'runs.resume': { input: z.object({ id }).strict(), output: returns<{ run: RunSummary; job: JobInfo }>() },
  'runs.remove': { input: z.object({ id }).strict(), output: returns<{ removed: boolean }>() },
  'runs.raster': {
    input: z.object({ id, split: z.enum(SPLITS), index: z.number().int().min(0) }).strict(),
    output: returns<RunRaster>()
  },
  /** The runs a sweep would make and an estimate of their cost; starts nothing. */
  'sweeps.plan': { input: z.object({ spec: sweepSpec, concurrency: z.number().int().min(1).max(64).optional() }).strict(), output: returns<SweepPlan>() },
  /** Stores the sweep with its runs and starts them: locally (K at once) or as a Slurm job array. */
  'sweeps.start': {
    input: z.object({ spec: sweepSpec, on: z.enum(['local', 'slurm']).default('local'), concurrency: z.number().int().min(1).max(64).optional(), slurm: slurmSettings.optional() }).strict(),
    output: returns<SweepDetail>()
  },
  'sweeps.list': { input: none, output: returns<SweepSummary[]>() },
  /** The example sweeps of resources/sweeps, by id (the dataset is chosen when one runs). */
  'sweeps.examples': { input: none, output: returns<Record<string, SweepSpec>>() },
  'sweeps.get': { input: z.object({ id }).strict(), output: returns<SweepDetail>() },
  'sweeps.aggregate': { input: z.object({ id, x: settingPath, metric: z.enum(SWEEP_METRICS).default('testAccuracy') }).strict(), output: returns<SweepAggregate>() },
  /** Local: stop starting runs (running ones finish). */
  'sweeps.pause': { input: z.object({ id }).strict(), output: returns<SweepDetail>() },
  /** Local: start again every run that is not done (interrupted ones from their last epoch); Slurm: resubmit failed tasks. */
  'sweeps.resume': { input: z.object({ id, retryFailed: z.boolean().default(false) }).strict(), output: returns<SweepDetail>() },
  'sweeps.cancel': { input: z.object({ id }).strict(), output: returns<SweepDetail>() },
  /** Slurm: bring finished tasks' runs into this notebook (again: a no-op for those already here). */
  'sweeps.collect': { input: z.object({ id }).strict(), output: returns<{ collected: number[]; already: number[]; skipped: { index: number; reason: string }[]; sweep: SweepDetail }>() },
  /** A run quantised for Loihi 2 and mapped onto its cores (at once; errors name the layer). */
  'loihi.quantise': { input: loihiParams, output: returns<LoihiQuantisation>() },
  /** The quantised run emulated bit-accurately on a split, as a job (result: LoihiReport). */
  'loihi.emulate': { input: loihiParams, output: returns<JobInfo>() },
  /** The run as a NIR graph or a lava-dl NetX network (HDF5 bytes) to save. */
  'loihi.export': {
    input: z.object({ runId: id, checkpoint: z.enum(['best', 'latest']).default('best'), format: z.enum(['nir', 'netx']), percentile: z.number().gt(50).max(100).default(99), delays: z.enum(['refuse', 'clamp']).default('refuse') }).strict(),
    output: returns<{ fileName: string; bytes: Uint8Array; contents: string }>()
  },
  /**
   * A NIR graph (a file's path, or its bytes from the browser) as a new run on a dataset: its
   * network and weights, ready to evaluate and emulate (training it further is not offered).
   */
  'loihi.importNir': {
    input: z.object({
      path: z.string().min(1).max(4096).optional(), bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 512 * 2 ** 20, 'at most 512 MiB').optional(),
      fileName: z.string().min(1).max(255).default('model.nir'), datasetId: id, name: z.string().trim().min(1).max(100).optional(),
      dt: z.number().positive().max(100).default(1), steps: z.number().int().min(1).max(100_000).default(1000)
    }).strict().refine((x) => (x.path === undefined) !== (x.bytes === undefined), 'give the file\'s path or its bytes'),
    output: returns<{ run: RunSummary; notes: string[] }>()
  },
  /** Renders a report as a job (result: ReportResult). */
  'reports.render': { input: reportParams, output: returns<JobInfo>() },
  /** A rendered report's bytes (a file the report job wrote under the data directory's reports/). */
  'reports.file': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: returns<{ fileName: string; bytes: Uint8Array }>() },
  /** Runs with their checkpoints and dataset reference (or the dataset itself) as one file to hand on. */
  'bundles.export': {
    input: z.object({ runIds: z.array(id).min(1).max(100), withDataset: z.boolean().default(false) }).strict(),
    output: returns<{ fileName: string; bytes: Uint8Array; runs: number; datasets: number }>()
  },
  /** A run bundle (a path, or its bytes from the browser) into this notebook: new run ids, datasets matched or added. */
  'bundles.import': {
    input: z.object({
      path: z.string().min(1).max(4096).optional(), bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 1024 * 2 ** 20, 'at most 1 GiB').optional(),
      fileName: z.string().min(1).max(255).default('runs.axonal')
    }).strict().refine((x) => (x.path === undefined) !== (x.bytes === undefined), 'give the bundle\'s path or its bytes'),
    output: returns<{ runs: RunSummary[]; datasets: { id: number; created: boolean }[] }>()
  },
  /** Attacks a trained run on its dataset's split at each ε, as a job (result: AttackReport). */
  'robust.attack': { input: attackParams, output: returns<JobInfo>() },
  /**
   * EventProp and DCLS on one dataset, the same network size, N epochs each, one after the other in
   * one job (result: MethodComparison); both runs are stored and compare in the Train view.
   */
  'methods.compare': { input: compareMethodsParams, output: returns<{ job: JobInfo; runIds: [number, number] }>() },
  'jobs.list': { input: none, output: returns<JobInfo[]>() },
  'jobs.cancel': { input: z.object({ id }).strict(), output: returns<JobInfo>() }
} as const

/** Events pushed from main to every connected renderer. */
export const events = {
  'job.update': returns<JobInfo>(),
  'job.log': returns<JobLog>(),
  'datasets.changed': returns<{ reason: 'added' | 'removed'; id: number }>(),
  'run.metrics': returns<{ runId: number } & MetricPoint>(),
  'runs.changed': returns<{ id: number }>(),
  'sweeps.changed': returns<{ id: number }>()
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type Input<K extends CallName> = z.input<Calls[K]['input']>
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>
export type Output<K extends CallName> = Calls[K]['output']
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = (typeof events)[E]

/** Context a handler receives besides its (validated) input. */
export interface CallContext {
  shell: AppInfo['shell']
}

/** What main/api must provide: one handler per call. A missing one is a compile error. */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<Output<K>> | Output<K>
}

/** The client the renderer (and tests) use; transport-agnostic. */
export interface Client {
  call<K extends CallName>(name: K, input: Input<K>): Promise<Output<K>>
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name)
}
