@preconcurrency import CNCurses

func _cursesShimCheck() -> attr_t { ens_A_BOLD() }
