// Package syncclient will reconcile the desk's change log with the cloud
// registration service in the seconds a link is up (the sync issue). The
// store's change log (device ID, per-device sequence, HLC, changed fields)
// and the per-field HLC stamps on participant records are its input.
package syncclient
