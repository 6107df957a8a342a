/* raceask.h: the race's question on the screen (which two acts?), then how far their recording is. */
#ifndef CAFE_RACEASK_H
#define CAFE_RACEASK_H

#include "panel.h"
#include "racerec.h"

enum raceask_stage { RACEASK_OFF, RACEASK_PICK, RACEASK_RECORDING };

/* The overlay's state, written by the screen's key handling, drawn by raceask_panel. */
struct raceask {
	enum raceask_stage	 stage;
	int			 acts[2];	/* picked so far, 0: not yet */
	struct racerec_progress	 prog;		/* while recording */
	char			 note[256];	/* why a digit was refused or the recording failed, or "" */
};

extern const struct panel_class raceask_panel;

#endif
