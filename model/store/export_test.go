package store

// SetCreateHook lets a test stop Create when the new file is complete
// under its temporary name.
func SetCreateHook(f func()) { testHookCreated = f }

// SetMmapOS makes the store map files as on goos (RACEDESK_MMAP_OS in the
// import benchmark: Windows' setting measured on this machine).
func SetMmapOS(goos string) { mmapOS = goos }
