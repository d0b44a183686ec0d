package gm101

import (
	"bytes"
	sync "example.com/not/the/stdlib/sync"
)

// A package imported under the name sync is not the standard library's sync.
var impostor sync.Pool

func importedAsSync(s string) {
	b := impostor.Get().(*bytes.Buffer)
	b.WriteString(s)
	impostor.Put(b)
}
