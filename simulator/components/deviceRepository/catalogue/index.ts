import { dragino } from './dragino';
import type { RepositoryFiles } from './files';
import { milesightIot } from './milesightIot';
import { theThingsIndustries } from './theThingsIndustries';

export type * from './files';

/**
 * The simulator's lorawan-devices checkout: a draft vendor, a vendor without a folder (both left
 * out of the index, store/bleve/init.go Initialize) and three vendors with models, firmware
 * versions, bands, OTAA, ABP, class B and C profiles, and JavaScript codecs.
 */
export const repositoryFiles: RepositoryFiles = {
	vendors: [
		{ id: 'example', name: 'Example', vendorID: 0, draft: true },
		{ id: '1m2m', name: '1M2M', vendorID: 1 },
		{ id: 'milesight-iot', name: 'Milesight IoT Co., Ltd.', vendorID: 601 },
		{ id: 'dragino', name: 'Dragino Technology Co., Limited', vendorID: 676 },
		{
			id: 'the-things-industries',
			name: 'The Things Industries',
			email: 'info@thethingsindustries.com',
			website: 'https://www.thethingsindustries.com',
			logo: 'ttn.png',
		},
	],
	folders: {
		dragino,
		'milesight-iot': milesightIot,
		'the-things-industries': theThingsIndustries,
	},
};
