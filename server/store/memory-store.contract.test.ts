import { MemoryGameStore } from './memory-store.js';
import { describeGameStoreContract } from './store-contract.js';

describeGameStoreContract('MemoryGameStore', async () => new MemoryGameStore());
