import { attachment, ROLE } from '../policy-attachments.js';

export default attachment('Attach', ROLE);
