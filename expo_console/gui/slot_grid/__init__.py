"""A day's slots × resources as a table of cards, dragged with a clash check, edited with undo.

Shared by the consultations' schedule (tables × 30 min slots, a card per meeting) and the
studio and photo bookings' (sets or the photo corner × their slots, a card per booking). What an
item is and how its card reads is the user's, given as an `ItemLook` (look.py); the grid paints,
carries and refuses.

- look.py      the card's look and what the grid asks of its user (ItemLook, SlotCheck)
- model.py     the table model: the day's items by cell, the drag in progress
- delegate.py  the cards, painted once into a cached pixmap
- view.py      the mouse and keyboard drag, the refusal in words
- commands.py  undo steps that write through the user's service (move, lock, remove)
- page.py      the page around it: day selector, toolbar, legend, hub follow-up, Solve…
- status_line.py  the line under the grid: what a drop would do, or why not
- solve.py     Solve…: the days and time limit, the progress with Cancel, the worker
"""
