/** Where a user's data lives when no Electron userData path is given. */
import { homedir } from 'node:os'
import { join } from 'node:path'

export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AXONAL_HOME) return env.AXONAL_HOME
  const home = env.HOME ?? env.USERPROFILE ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Axonal')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Axonal')
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'axonal')
}
