import { randomBytes } from 'node:crypto';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: number[] = [];

/** A monotonic ULID (48-bit millisecond time + 80 random bits, Crockford base32). */
export function ulid(time: number = Date.now()): string {
	let random: number[];
	if (time === lastTime) {
		random = [...lastRandom];
		for (let index = random.length - 1; index >= 0; index--) {
			if (random[index] < 31) {
				random[index]++;
				break;
			}
			random[index] = 0;
		}
	} else {
		random = [...randomBytes(16)].map((byte) => byte & 31);
	}
	lastTime = time;
	lastRandom = random;
	let timePart = '';
	let remaining = time;
	for (let index = 0; index < 10; index++) {
		timePart = crockford[remaining % 32] + timePart;
		remaining = Math.floor(remaining / 32);
	}
	return timePart + random.map((value) => crockford[value]).join('');
}
