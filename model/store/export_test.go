package store

// SetCreateHook lets a test stop Create when the new file is complete
// under its temporary name.
func SetCreateHook(f func()) { testHookCreated = f }
