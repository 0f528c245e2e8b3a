/**
 * The `--vscode-*` variables VS Code sets on a webview's <html> element, for the Default Light Modern and
 * Default Dark Modern themes (a representative subset: the ones our CSS reads).
 */

/** A theme as VS Code applies it: a body class and the variables. */
export interface Theme {
  name: 'light' | 'dark' | 'high-contrast';
  bodyClass: string;
  vars: Record<string, string>;
}

const common = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
};

export const LIGHT: Theme = {
  name: 'light', bodyClass: 'vscode-light', vars: {
    ...common,
    '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-errorForeground': '#f85149',
    '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-focusBorder': '#005fb8',
    '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc', '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b',
    '--vscode-input-border': '#cecece', '--vscode-input-placeholderForeground': '#767676', '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-dropdown-border': '#cecece', '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b', '--vscode-widget-border': '#e5e5e5', '--vscode-panel-border': '#e5e5e5',
    '--vscode-sideBar-background': '#f8f8f8', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-icon-foreground': '#3b3b3b',
    '--vscode-toolbar-hoverBackground': '#b8b8b850', '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000', '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-list-inactiveSelectionBackground': '#e4e6f1', '--vscode-list-focusOutline': '#005fb8',
    '--vscode-editorWarning-foreground': '#bf8803', '--vscode-testing-iconPassed': '#388a34', '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
    '--vscode-charts-red': '#e51400', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-lines': '#3b3b3b80',
    '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-textLink-foreground': '#005fb8',
    '--vscode-editorGutter-background': '#ffffff', '--vscode-keybindingLabel-foreground': '#3b3b3b',
  },
};

export const DARK: Theme = {
  name: 'dark', bodyClass: 'vscode-dark', vars: {
    ...common,
    '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-errorForeground': '#f85149',
    '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-focusBorder': '#0078d4',
    '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c', '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc',
    '--vscode-input-border': '#3c3c3c', '--vscode-input-placeholderForeground': '#989898', '--vscode-dropdown-background': '#313131',
    '--vscode-dropdown-foreground': '#cccccc', '--vscode-dropdown-border': '#3c3c3c', '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8', '--vscode-widget-border': '#313131', '--vscode-panel-border': '#2b2b2b',
    '--vscode-sideBar-background': '#181818', '--vscode-editorWidget-background': '#202020', '--vscode-icon-foreground': '#cccccc',
    '--vscode-toolbar-hoverBackground': '#5a5d5e50', '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-inactiveSelectionBackground': '#37373d', '--vscode-list-focusOutline': '#0078d4',
    '--vscode-editorWarning-foreground': '#cca700', '--vscode-testing-iconPassed': '#73c991', '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-red': '#f14c4c', '--vscode-charts-yellow': '#cca700', '--vscode-charts-lines': '#cccccc80',
    '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-textLink-foreground': '#4daafc',
    '--vscode-editorGutter-background': '#1f1f1f', '--vscode-keybindingLabel-foreground': '#cccccc',
  },
};

export const HIGH_CONTRAST: Theme = {
  name: 'high-contrast', bodyClass: 'vscode-high-contrast', vars: {
    ...DARK.vars,
    '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-focusBorder': '#f38518',
    '--vscode-widget-border': '#6fc3df', '--vscode-panel-border': '#6fc3df', '--vscode-button-border': '#6fc3df',
    '--vscode-input-border': '#6fc3df', '--vscode-list-focusOutline': '#f38518', '--vscode-sideBar-background': '#000000',
  },
};
