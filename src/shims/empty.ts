// Stand-in for Node's `fs` inside the plugin bundle. gray-matter only touches it
// in `matter.read`, which CineFlow never calls.
export default {};
