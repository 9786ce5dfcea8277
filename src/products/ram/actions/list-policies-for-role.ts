import { policiesFor, ROLE } from '../policy-attachments.js';

export default policiesFor(ROLE);
