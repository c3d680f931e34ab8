/**
 * Names drawn on the offline basemap: the major cities in and around the default AOR
 * (Afghanistan) and the countries around it. Coordinates are the city centres, to about a
 * kilometre. `rank` sets when a name shows: 1 from the widest zoom, 2 from zoom 5, 3 from zoom 6;
 * where names collide the lower rank gives way.
 */
export interface PlaceName {
  name: string;
  lat: number;
  lon: number;
  kind: 'capital' | 'city' | 'country';
  rank: 1 | 2 | 3;
}

export const PLACE_NAMES: readonly PlaceName[] = [
  // Afghanistan
  { name: 'Kabul', lat: 34.5553, lon: 69.2075, kind: 'capital', rank: 1 },
  { name: 'Kandahar', lat: 31.6289, lon: 65.7372, kind: 'city', rank: 1 },
  { name: 'Herat', lat: 34.3529, lon: 62.204, kind: 'city', rank: 1 },
  { name: 'Mazar-i-Sharif', lat: 36.709, lon: 67.1109, kind: 'city', rank: 1 },
  { name: 'Jalalabad', lat: 34.4265, lon: 70.4515, kind: 'city', rank: 2 },
  { name: 'Kunduz', lat: 36.728, lon: 68.857, kind: 'city', rank: 2 },
  { name: 'Ghazni', lat: 33.549, lon: 68.4174, kind: 'city', rank: 2 },
  { name: 'Bamyan', lat: 34.821, lon: 67.827, kind: 'city', rank: 2 },
  { name: 'Farah', lat: 32.3745, lon: 62.1164, kind: 'city', rank: 2 },
  { name: 'Lashkar Gah', lat: 31.5938, lon: 64.3716, kind: 'city', rank: 2 },
  { name: 'Khost', lat: 33.3395, lon: 69.9204, kind: 'city', rank: 2 },
  { name: 'Fayzabad', lat: 37.1166, lon: 70.58, kind: 'city', rank: 3 },
  { name: 'Taloqan', lat: 36.7361, lon: 69.5345, kind: 'city', rank: 3 },
  { name: 'Pul-e Khumri', lat: 35.9446, lon: 68.7151, kind: 'city', rank: 3 },
  { name: 'Sheberghan', lat: 36.6652, lon: 65.752, kind: 'city', rank: 3 },
  { name: 'Maymana', lat: 35.9214, lon: 64.7836, kind: 'city', rank: 3 },
  { name: 'Chaghcharan', lat: 34.5225, lon: 65.2517, kind: 'city', rank: 3 },
  { name: 'Zaranj', lat: 30.9597, lon: 61.8604, kind: 'city', rank: 3 },
  { name: 'Tarinkot', lat: 32.6268, lon: 65.8733, kind: 'city', rank: 3 },
  { name: 'Gardez', lat: 33.5974, lon: 69.2259, kind: 'city', rank: 3 },
  { name: 'Asadabad', lat: 34.873, lon: 71.152, kind: 'city', rank: 3 },
  // Neighbours
  { name: 'Islamabad', lat: 33.6844, lon: 73.0479, kind: 'capital', rank: 1 },
  { name: 'Peshawar', lat: 34.0151, lon: 71.5249, kind: 'city', rank: 1 },
  { name: 'Quetta', lat: 30.1798, lon: 66.975, kind: 'city', rank: 1 },
  { name: 'Lahore', lat: 31.5204, lon: 74.3587, kind: 'city', rank: 2 },
  { name: 'Dera Ismail Khan', lat: 31.8313, lon: 70.9019, kind: 'city', rank: 3 },
  { name: 'Chitral', lat: 35.8518, lon: 71.7864, kind: 'city', rank: 3 },
  { name: 'Gilgit', lat: 35.9208, lon: 74.308, kind: 'city', rank: 3 },
  { name: 'Dushanbe', lat: 38.5598, lon: 68.787, kind: 'capital', rank: 1 },
  { name: 'Kulob', lat: 37.9146, lon: 69.7845, kind: 'city', rank: 3 },
  { name: 'Khorugh', lat: 37.4897, lon: 71.553, kind: 'city', rank: 3 },
  { name: 'Termez', lat: 37.2242, lon: 67.2783, kind: 'city', rank: 2 },
  { name: 'Samarkand', lat: 39.627, lon: 66.975, kind: 'city', rank: 2 },
  { name: 'Bukhara', lat: 39.7747, lon: 64.4286, kind: 'city', rank: 3 },
  { name: 'Tashkent', lat: 41.2995, lon: 69.2401, kind: 'capital', rank: 1 },
  { name: 'Ashgabat', lat: 37.9601, lon: 58.3261, kind: 'capital', rank: 1 },
  { name: 'Mary', lat: 37.5936, lon: 61.83, kind: 'city', rank: 2 },
  { name: 'Türkmenabat', lat: 39.0733, lon: 63.5786, kind: 'city', rank: 3 },
  { name: 'Mashhad', lat: 36.2605, lon: 59.6168, kind: 'city', rank: 1 },
  { name: 'Zahedan', lat: 29.4963, lon: 60.8629, kind: 'city', rank: 2 },
  { name: 'Birjand', lat: 32.8663, lon: 59.2211, kind: 'city', rank: 3 },
  // Countries, at a point inside each that keeps clear of the big cities.
  { name: 'AFGHANISTAN', lat: 33.2, lon: 66.2, kind: 'country', rank: 1 },
  { name: 'PAKISTAN', lat: 28.6, lon: 69.2, kind: 'country', rank: 1 },
  { name: 'IRAN', lat: 33.2, lon: 57.0, kind: 'country', rank: 1 },
  { name: 'TURKMENISTAN', lat: 39.2, lon: 59.6, kind: 'country', rank: 1 },
  { name: 'UZBEKISTAN', lat: 41.4, lon: 63.8, kind: 'country', rank: 1 },
  { name: 'TAJIKISTAN', lat: 39.0, lon: 71.3, kind: 'country', rank: 1 },
  { name: 'KYRGYZSTAN', lat: 41.5, lon: 74.5, kind: 'country', rank: 1 },
  { name: 'INDIA', lat: 29.8, lon: 76.6, kind: 'country', rank: 1 },
  { name: 'CHINA', lat: 37.8, lon: 78.5, kind: 'country', rank: 1 },
];
