/** The app's areas, in navigation order, with what each will hold. */
export interface Area {
  id: string
  label: string
  /** Shown while the area has no features yet: what will come, never fake content. */
  coming?: string
}

export const AREAS: readonly Area[] = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'train', label: 'Train' },
  { id: 'space', label: 'Space' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'ei', label: 'E/I' },
  { id: 'robustness', label: 'Robustness' },
  { id: 'device', label: 'Device' },
  { id: 'reports', label: 'Reports' }
]
