import { schemeTableau10 } from 'd3'

export function classColour(k: number): string {
  return schemeTableau10[k % schemeTableau10.length]!
}
