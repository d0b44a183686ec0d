package gm101

import (
	"bytes"
	"sync"
)

type server struct {
	bufs  sync.Pool
	ptr   *sync.Pool
	pools [4]sync.Pool
	many  []*sync.Pool
}

type embedded struct {
	sync.Pool
	name string
}

func (s *server) handle(p []byte) {
	b := s.bufs.Get().(*bytes.Buffer)
	b.Write(p)
	s.bufs.Put(b) // want "GM101: b is put back into s.bufs" "GM103: may have grown"
}

func (s *server) handlePtr(p []byte) {
	b := s.ptr.Get().(*bytes.Buffer)
	b.Write(p)
	s.ptr.Put(b) // want "GM101: b is put back into s.ptr" "GM103: may have grown"
}

func (s *server) handleArray(i int, p []byte) {
	b := s.pools[i].Get().(*bytes.Buffer)
	b.Write(p)
	s.pools[i].Put(b) // want "GM101: b is put back into s.pools\[i\]" "GM103: may have grown"
}

func (s *server) handleSlice(p []byte) {
	b := s.many[0].Get().(*bytes.Buffer)
	b.Write(p)
	s.many[0].Put(b) // want "GM101: b is put back" "GM103: may have grown"
}

var shared embedded

func viaEmbedded(p []byte) {
	b := shared.Get().(*bytes.Buffer)
	b.Write(p)
	shared.Put(b) // want "GM101: b is put back into shared" "GM103: may have grown"
}

var global = &sync.Pool{}

func poolFor() *sync.Pool { return global }

func viaFunction(p []byte) {
	b := poolFor().Get().(*bytes.Buffer)
	b.Write(p)
	poolFor().Put(b) // want "GM101: b is put back into poolFor\(\)" "GM103: may have grown"
}
