package gm101

import "sync"

// cache's pool is used from another file of the package.
type cache struct {
	entries sync.Pool
}

type entry struct {
	key   string
	value []byte
	hits  int
}
