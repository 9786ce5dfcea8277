import { attachment, GROUP } from '../policy-attachments.js';

export default attachment('Attach', GROUP);
