import { policiesFor, USER } from '../policy-attachments.js';

export default policiesFor(USER);
