package gm101

func (c *cache) store(k string, v []byte) {
	e := c.entries.Get().(*entry)
	e.key = k
	e.value = append(e.value[:0], v...)
	c.entries.Put(e) // want "GM101: e is put back into c.entries"
}

func (c *cache) storeClean(k string) {
	e := c.entries.Get().(*entry)
	e.key = k
	*e = entry{}
	c.entries.Put(e)
}
