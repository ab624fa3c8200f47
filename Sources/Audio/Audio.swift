import CFluidSynth
import CALSA
import MusicCore

func _audioShimCheck() { ens_alsa_silence_errors() }
