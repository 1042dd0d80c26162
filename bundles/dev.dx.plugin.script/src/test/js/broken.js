'use strict';
// A script plugin whose entry module fails while loading.
throw new Error('broken on purpose');
