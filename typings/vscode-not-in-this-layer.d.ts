// What `import … from 'vscode'` resolves to in the layers below src/host (their tsconfig.json maps it here):
// a module with no members, so naming any VS Code type or value there fails the type check. Only src/host
// (and the tests that drive it) see the real API (DESIGN.md §2).
export {};
