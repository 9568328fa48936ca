import * as deviceRepositoryOptions from './deviceRepositoryOptions';
import * as deviceRepositorySearch from './deviceRepositorySearch';
import * as entityListSearch from './listSearch';
import * as deviceOptions from './loadOptions';

export const listSearch = { ...entityListSearch, ...deviceRepositorySearch };
export const loadOptions = { ...deviceOptions, ...deviceRepositoryOptions };
