from bilateral_kg.cli import main

main()
