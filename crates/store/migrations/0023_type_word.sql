-- The owner's own word for an interaction's type, kept beside the type: "walk" (logged
-- as other), "Dinner" (imported as lunch). NULL when the word is the type's own name.
-- Setting the type by hand clears it.
ALTER TABLE interactions ADD COLUMN type_word TEXT;
