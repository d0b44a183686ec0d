package dotimport

import (
	. "bytes"
	. "sync"
)

// Pool here is sync.Pool, imported with a dot.
var dotPool = Pool{New: func() any { return NewBuffer(nil) }}

func dotImported(s string) string {
	b := dotPool.Get().(*Buffer)
	b.WriteString(s)
	out := b.String()
	if b.Cap() > 1<<16 {
		return out
	}
	dotPool.Put(b) // want "GM101: b is put back into dotPool"
	return out
}
