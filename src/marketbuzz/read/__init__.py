"""Reading articles from text, HTML and JSON into `model.Article`."""
