import { isNamingThemselves, preferredNameFrom } from '../../dialogs/welcome-dialog';

describe('reading the name someone would like to be called', () => {
  it.each([
    ['Jo', 'Jo'],
    ['call me Jo x', 'Jo'],
    ["it's Sam!", 'Sam'],
    ['Max', 'Max'],
    ['max xx', 'Max'],
    ['my name is Mary Ann', 'Mary Ann'],
    ['Siân', 'Siân'],
    ['skip', null],
    ['no thanks', null],
    ['', null],
    ['well I suppose you could call me whatever you like really', null],
  ])('"%s" → %s', (reply, name) => {
    expect(preferredNameFrom(reply)).toBe(name);
  });

  it.each([
    ['call me Jo', true],
    ['please call me Bex x', true],
    ['call me back', false],
    ['call me later', false],
    ['can you call me', false],
  ])('"%s" answers the name question: %s', (reply, naming) => {
    expect(isNamingThemselves(reply)).toBe(naming);
  });
});
