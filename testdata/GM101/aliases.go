package gm101

import (
	"bytes"
	gosync "sync"
)

// An aliased import of sync is still sync.
var aliasedPool = gosync.Pool{New: func() any { return new(bytes.Buffer) }}

func aliased(s string) string {
	b := aliasedPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	if b.Cap() > 1<<16 {
		return out
	}
	aliasedPool.Put(b) // want "GM101: b is put back into aliasedPool"
	return out
}
