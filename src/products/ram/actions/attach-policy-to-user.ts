import { attachment, USER } from '../policy-attachments.js';

export default attachment('Attach', USER);
