# Neuron Lab in a container: README's two commands, nothing else.
#   docker build -t neuron-lab . && docker run -p 8501:8501 neuron-lab
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_HEADLESS=true
RUN useradd --create-home lab
WORKDIR /home/lab/app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=lab . .
USER lab

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py"]
