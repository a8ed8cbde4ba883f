"""What the territories tell the rest of the project, without knowing who listens."""

from django.dispatch import Signal

# Sent inside the loader's transaction when communes already in the database get a new centre.
# Argument: `codes`, the INSEE codes moved. The directory keeps its home points on the centres.
centres_moved = Signal()
