"""previs: screenplay in, previsualisation out. The front door: CLI, config, project store, pipeline."""
__version__ = "0.1.0"
