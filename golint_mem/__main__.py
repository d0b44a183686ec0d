from golint_mem.cli import main

main()
