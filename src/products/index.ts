import type { Product } from '../rpc/product.js';
import { ACTIONTRAIL } from './actiontrail/index.js';
import { CLOUDSSO } from './cloudsso/index.js';
import { OPEN_CLOUDSSO } from './opencloudsso/index.js';
import { RAM } from './ram/index.js';
import { RESOURCE_MANAGER } from './resource-manager/index.js';
import { STS } from './sts/index.js';

/**
 * Every product the signed RPC edge serves, told apart by the signed `Version` as Alibaba's
 * gateway tells them apart by endpoint. Adding a product is a folder here and a line below.
 */
export const PRODUCTS: readonly Product[] = [CLOUDSSO, RAM, ACTIONTRAIL, RESOURCE_MANAGER, STS, OPEN_CLOUDSSO];
