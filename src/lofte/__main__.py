from lofte.cli import main

main()
