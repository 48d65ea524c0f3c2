"""English entity + entity-sentiment tagger: a small CRF trained on FinEntity, shipped in the
package (`data/entity_crf.bin`, see `data/ENTITY_MODEL.md`); no download at run time.

    from marketbuzz.entity_model import EntityTagger
    spans = EntityTagger.load().tag("Shares of Acme Corp slumped 12% after it cut its outlook")
"""

from marketbuzz.entity_model.tagger import EntitySpan, EntityTagger

__all__ = ["EntitySpan", "EntityTagger"]
