/** Collects what the code under test writes to stderr, fresh for every test of the file that calls it. */
export function captureStderr(): { readonly text: string } {
  const box = { text: '' };
  let spy: jest.SpyInstance;
  beforeEach(() => {
    box.text = '';
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      box.text += String(s);
      return true;
    });
  });
  afterEach(() => spy.mockRestore());
  return box;
}
