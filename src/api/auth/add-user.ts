// Moved to db/usecases/add-user.ts (the CLI and the demo seed use it, and they may not import api/).
// Kept for bench/responsiveness.ts, which is being edited; delete once it imports the new path.
export { addUser } from '../../db/usecases/add-user.ts';
