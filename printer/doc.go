// Package printer will encode start lists, bib labels and result lists as
// ESC/POS for thermal receipt printers and queue them durably (the printer
// issue). The event file's [[printers]] entries configure it.
package printer
