// The six colours in display order, with their CSS variables.
export const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'];
export const HEX = {
  red: '#d32f2f', orange: '#ef6c00', yellow: '#f9a825',
  green: '#2e7d32', blue: '#1565c0', purple: '#7b1fa2',
};
