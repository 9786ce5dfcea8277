import { policiesFor, GROUP } from '../policy-attachments.js';

export default policiesFor(GROUP);
