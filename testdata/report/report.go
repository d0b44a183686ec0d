// Package report is the input of the SARIF golden file (tests/data/report.sarif): a finding, a
// suppressed one, and a finding after non-ASCII text on its line, for the UTF-16 columns.
package report

import "sync"

type record struct {
	name  string
	count int
}

var recordPool = sync.Pool{New: func() any { return new(record) }}

func count(name string) int {
	r := recordPool.Get().(*record)
	r.name = name
	r.count++
	n := r.count
	recordPool.Put(r) // want "GM101: r is put back into recordPool without being reset"
	return n
}

func label(name string) string {
	r := recordPool.Get().(*record)
	r.name = "« " + name + " »"
	s := r.name
	/* ünïcode 😀 */ recordPool.Put(r) // want "GM101: r is put back into recordPool"
	return s
}

func keep(name string) {
	r := recordPool.Get().(*record)
	r.name = name
	recordPool.Put(r) //golintmem:ignore GM101 every Get overwrites name before reading it
}

var bytesPool sync.Pool

func release(b []byte) {
	bytesPool.Put(b[:0]) // want "GM102: boxes a \[\]byte"
}
