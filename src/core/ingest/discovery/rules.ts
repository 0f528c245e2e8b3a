/**
 * Default exclusion rules of discovery: dependency folders, build output, VCS folders and secret-looking files.
 * Secret-looking files are never read, whatever the include patterns say.
 */
import picomatch from 'picomatch';
import type { SkipCode } from '../types';


/** Folders holding installed dependencies. */
export const DEPENDENCY_FOLDERS: readonly string[] = [
  'node_modules', 'bower_components', 'jspm_packages', '.venv', 'venv', 'virtualenv', '.virtualenv',
  '__pypackages__', 'site-packages', '.tox', '.nox', 'vendor', 'Pods', '.yarn', '.pnpm-store', '.bundle',
  'elm-stuff', '.stack-work', '_deps',
];

/** Folders holding build output and tool caches. */
export const BUILD_FOLDERS: readonly string[] = [
  'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.output', 'coverage', '.nyc_output',
  '.cache', '.parcel-cache', '.turbo', '.gradle', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache',
  '.vscode-test', '.docusaurus', '_site', '.angular', 'storybook-static',
];

/** Version-control metadata folders. */
export const VCS_FOLDERS: readonly string[] = ['.git', '.hg', '.svn', '.bzr', '_darcs', 'CVS', '.jj'];

/** Basename patterns of files that may hold credentials (matched case-insensitively). */
export const SECRET_PATTERNS: readonly string[] = [
  '.env', '.env.*', '*.env', '.envrc', '*.pem', '*.key', '*.p12', '*.pfx', '*.keystore', '*.jks', '*.kdbx',
  'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '*.ppk', 'credentials', 'credentials.*', '.git-credentials',
  'secrets', 'secrets.*', '*.secret', '*.secrets', '.npmrc', '.yarnrc.yml', '.pypirc', '.netrc', '_netrc',
  '.htpasswd', '.pgpass', '*.ovpn', 'service-account*.json', '*.tfvars', '.dockercfg', 'kubeconfig',
];

const isSecretName = picomatch(SECRET_PATTERNS as string[], { dot: true, nocase: true });

/** A skip decision: the code and the human reason. */
export interface SkipVerdict {
  code: SkipCode;
  reason: string;
}

/** Verdict for a folder name by the default rules, or undefined when it is walked. */
export function defaultFolderVerdict(name: string): SkipVerdict | undefined {
  if (DEPENDENCY_FOLDERS.includes(name)) return { code: 'dependency-folder', reason: `dependency folder (${name}) excluded by default` };
  if (BUILD_FOLDERS.includes(name)) return { code: 'build-output', reason: `build output folder (${name}) excluded by default` };
  if (VCS_FOLDERS.includes(name)) return { code: 'vcs-folder', reason: `version-control folder (${name}) excluded by default` };
  return undefined;
}

/** Verdict for a secret-looking file name, or undefined. */
export function secretVerdict(name: string): SkipVerdict | undefined {
  return isSecretName(name)
    ? { code: 'secret', reason: 'looks like a secret or credentials file; never read or sent to a model' }
    : undefined;
}
